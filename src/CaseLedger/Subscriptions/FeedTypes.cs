using CaseLedger.Domain.Penalty;
using CaseLedger.Hosting;

namespace CaseLedger.Subscriptions;

/// <summary>
/// The CloudEvents <c>type</c> of every event the feed serves: <c>caseledger.penalty.decision_made.v1</c>,
/// made of the stored name (<see cref="EventCatalog"/>), so it is as stable as that contract. A change of
/// an event's meaning gets a new version suffix, never a silent change.
/// </summary>
public static class FeedTypes
{
    public const string All = "*";

    /// <summary>A signed checkpoint of the whole log (<see cref="Audit.CheckpointSigned"/>): integrators keep it as a witness.</summary>
    public const string CheckpointSigned = "caseledger.audit.checkpoint_signed.v1";

    private static readonly Dictionary<string, string> ByStoredName = PenaltyCase.EventTypes
        .ToDictionary(EventCatalog.StoredName, t => $"caseledger.penalty.{EventCatalog.StoredName(t)}.v1")
        .Append(KeyValuePair.Create(EventCatalog.StoredName(typeof(Audit.CheckpointSigned)), CheckpointSigned))
        .Concat(Domain.Agencies.PublishedLists.EventTypes.Select(t => KeyValuePair.Create(EventCatalog.StoredName(t), $"caseledger.lists.{EventCatalog.StoredName(t)}.v1")))
        .ToDictionary();

    private static readonly Dictionary<string, string> StoredNameOf = ByStoredName.ToDictionary(p => p.Value, p => p.Key);

    /// <summary>Every type the feed serves.</summary>
    public static IReadOnlyCollection<string> Known { get; } = [.. ByStoredName.Values.Order(StringComparer.Ordinal)];

    public static string CloudType(string storedName) =>
        ByStoredName.TryGetValue(storedName, out var type) ? type : $"caseledger.{storedName}.v1";

    public static string? StoredName(string cloudType) => StoredNameOf.GetValueOrDefault(cloudType);

    public static bool IsKnown(string cloudType) => StoredNameOf.ContainsKey(cloudType);
}
