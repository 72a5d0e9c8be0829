using CaseLedger.Domain.Penalty;
using CaseLedger.Hosting;

namespace CaseLedger.Subscriptions;

/// <summary>
/// The CloudEvents <c>type</c> of every event the feed serves: <c>caseledger.{stream kind}.{stored name}.v1</c>, e.g.
/// <c>caseledger.penalty.decision_made.v1</c>, made of the stored name (<see cref="EventCatalog"/>), so it is as stable as that
/// contract. The kinds: <c>penalty</c>, <c>reconsideration</c>, <c>litigation</c>, <c>petition</c>, <c>supervision</c> (a
/// supervision matter), <c>review_campaign</c> (a case-file review campaign), <c>dispute</c> (between agencies), <c>third_party_assessment</c> (评议考核 by a third party), <c>lists</c>
/// (an agency's published lists) and <c>audit</c> (signed checkpoints). A change of an event's meaning gets a new version
/// suffix, never a silent change.
/// </summary>
public static class FeedTypes
{
    public const string All = "*";

    /// <summary>A signed checkpoint of the whole log (<see cref="Audit.CheckpointSigned"/>): integrators keep it as a witness.</summary>
    public const string CheckpointSigned = "caseledger.audit.checkpoint_signed.v1";

    /// <summary>The kinds of stream the feed serves, each with its events.</summary>
    private static readonly (string Kind, IReadOnlyList<Type> Events)[] Kinds =
    [
        ("penalty", PenaltyCase.EventTypes),
        ("reconsideration", Domain.Reconsideration.ReconsiderationCase.EventTypes),
        ("litigation", Domain.Litigation.LitigationCase.EventTypes),
        ("petition", Domain.Petitions.PetitionCase.EventTypes),
        ("supervision", Domain.SupervisionMatters.SupervisionMatter.EventTypes),
        ("review_campaign", Domain.CaseFileReviews.ReviewCampaign.EventTypes),
        ("dispute", Domain.Disputes.Dispute.EventTypes),
        ("third_party_assessment", Domain.Assessments.ThirdPartyAssessment.EventTypes),
        ("lists", Domain.Agencies.PublishedLists.EventTypes),
    ];

    private static readonly Dictionary<string, string> ByStoredName = Kinds
        .SelectMany(k => k.Events.Select(t => KeyValuePair.Create(EventCatalog.StoredName(t), $"caseledger.{k.Kind}.{EventCatalog.StoredName(t)}.v1")))
        .Append(KeyValuePair.Create(EventCatalog.StoredName(typeof(Audit.CheckpointSigned)), CheckpointSigned))
        .ToDictionary();

    /// <summary>
    /// The stored names of the events that name one case file of a review campaign, in their <c>agencyId</c>: a reviewed agency
    /// sees only its own files' (<see cref="ProceedingAudience.Parties"/>).
    /// </summary>
    public static IReadOnlyList<string> NamingAFile { get; } = [EventCatalog.StoredName(typeof(Domain.CaseFileReviews.CaseFileScored))];

    private static readonly Dictionary<string, string> StoredNameOf = ByStoredName.ToDictionary(p => p.Value, p => p.Key);

    /// <summary>Every type the feed serves.</summary>
    public static IReadOnlyCollection<string> Known { get; } = [.. ByStoredName.Values.Order(StringComparer.Ordinal)];

    public static string CloudType(string storedName) =>
        ByStoredName.TryGetValue(storedName, out var type) ? type : $"caseledger.{storedName}.v1";

    public static string? StoredName(string cloudType) => StoredNameOf.GetValueOrDefault(cloudType);

    public static bool IsKnown(string cloudType) => StoredNameOf.ContainsKey(cloudType);
}
