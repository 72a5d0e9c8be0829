using System.Text.Json;
using CaseLedger.Calendar;
using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Officers;
using CaseLedger.Domain.Litigation;
using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.Petitions;
using CaseLedger.Domain.Reconsideration;
using CaseLedger.Domain.SupervisionMatters;
using CaseLedger.Domain.CaseFileReviews;
using CaseLedger.Domain.Disputes;
using CaseLedger.Domain.Assessments;

namespace CaseLedger.Hosting;

/// <summary>
/// Every event type CaseLedger stores and the name it is stored under. The stored name is a contract
/// (style.md, Events): it is fixed here on purpose, pinned by a snapshot test, and never changed silently.
/// </summary>
public static class EventCatalog
{
    private static readonly Type[] Register =
    [
        typeof(AgencyRegistered), typeof(AgencyPolicyChanged),
        typeof(OfficerRegistered), typeof(CertificateIssued), typeof(CertificateRenewed),
        typeof(CertificateSuspended), typeof(CertificateRevoked), typeof(ReviewingSinceRecorded),
        typeof(OfficerDeactivated), typeof(OfficerReactivated),
        typeof(TrainingRecorded), typeof(ExaminationRecorded), typeof(CertificateReviewed),
        typeof(OfficialCalendarLoaded),
        typeof(Audit.CheckpointKeyRegistered), typeof(Audit.ReadModelsRebuilt), typeof(Audit.CheckpointSigned),
    ];

    public static IReadOnlyList<Type> All { get; } = [.. Register, .. PenaltyCase.EventTypes, .. ReconsiderationCase.EventTypes, .. LitigationCase.EventTypes, .. PetitionCase.EventTypes,
        .. SupervisionMatter.EventTypes, .. ReviewCampaign.EventTypes, .. PublishedLists.EventTypes, .. Dispute.EventTypes,
        .. ThirdPartyAssessment.EventTypes];

    /// <summary>snake_case of the type name: <c>CertificateIssued</c> → <c>certificate_issued</c>.</summary>
    public static string StoredName(Type eventType) => JsonNamingPolicy.SnakeCaseLower.ConvertName(eventType.Name);

    private static readonly Dictionary<string, Type> ByStoredName = All.ToDictionary(StoredName);

    /// <summary>The event type stored under <paramref name="storedName"/>, or null for a name this build does not know.</summary>
    public static Type? TypeOf(string storedName) => ByStoredName.GetValueOrDefault(storedName);
}
