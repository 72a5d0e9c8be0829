using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Domain.Officers;
using CaseLedger.Domain.Penalty;
using JasperFx.Events;
using Marten;
using NodaTime;

namespace CaseLedger.Supervision;

/// <summary>An officer named on a step: in which capacity, with which register roles and which certificate that day.</summary>
public sealed record AuditOfficer(string OfficerId, string? Name, SignatureCapacity Capacity, IReadOnlyList<Role> Roles, string? CertificateNumber);

/// <summary>
/// One recorded step of a case as an auditor reads it. Refused commands appended nothing, so they never
/// appear. <see cref="ChainHash"/> is the integrity chain's hash of the event when the store recorded one.
/// </summary>
public sealed record AuditStep(
    long Version,
    long Sequence,
    string Type,
    LocalDate? BusinessDate,
    Instant RecordedAt,
    string? Actor,
    string? RecordedBy,
    IReadOnlyList<AuditOfficer> Officers,
    IReadOnlyList<string> Documents,
    IReadOnlyDictionary<string, string> Media,
    string? ChainHash,
    string? CorrelationId);

/// <summary>A case's audit trail: every recorded step, up to the case's current <see cref="Version"/>.</summary>
public sealed record CaseAuditTrail(string CaseId, string AgencyId, long Version, IReadOnlyList<AuditStep> Steps);

public static class AuditTrail
{
    /// <summary>The event header that the integrity chain writes.</summary>
    public const string ChainHashHeader = "chainHash";

    /// <summary>The audit trail of a case whose agency the reader's scope covers; not-found when there is no such case.</summary>
    public static async Task<Answer<CaseAuditTrail>> ReadAsync(IQuerySession session, ReadScope reader, string caseId, CancellationToken ct)
    {
        var events = StreamKeys.IsCaseId(caseId) ? await session.Events.FetchStreamAsync(caseId, token: ct) : [];
        if (Replay.AgencyOf(events) is not { } agency) return new Refusal(RefusalCodes.NotFound, $"Case '{caseId}' does not exist.");
        if (reader.Reads(agency) is { } refused) return refused;
        return new CaseAuditTrail(caseId, agency, events[^1].Version, await ForAsync(session, events, ct));
    }

    public static async Task<IReadOnlyList<AuditStep>> ForAsync(IQuerySession session, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        var ids = events.SelectMany(e => EventFacts.Of(e.Data).Officers.Select(o => o.OfficerId)).Distinct().ToArray();
        var officers = ids.Length == 0 ? new Dictionary<string, Officer>() : (await session.LoadManyAsync<Officer>(ct, ids)).ToDictionary(o => o.Id);
        return [.. events.Select(e =>
        {
            var facts = EventFacts.Of(e.Data);
            return new AuditStep(
                e.Version, e.Sequence, e.EventTypeName, facts.BusinessDate, Instant.FromDateTimeOffset(e.Timestamp), e.UserName, facts.RecordedBy,
                [.. facts.Officers.Select(o => officers.TryGetValue(o.OfficerId, out var officer)
                    ? new AuditOfficer(o.OfficerId, officer.Name, o.Capacity, officer.Roles, o.CertificateNumber)
                    : new AuditOfficer(o.OfficerId, null, o.Capacity, [], o.CertificateNumber))],
                facts.Documents, facts.Media, ChainHashOf(e), e.CorrelationId);
        })];
    }

    public static string? ChainHashOf(IEvent e) =>
        e.Headers is { } headers && headers.TryGetValue(ChainHashHeader, out var value) ? value switch
        {
            null => null,
            string text => text,
            JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
            var other => other.ToString(),
        } : null;
}

/// <summary>
/// The facts every penalty event carries by convention (PenaltyCaseState.cs): the business date (the first
/// <c>...On</c> date that is not a due date), the officers, the documents, the <c>...Sha256</c> media hashes
/// and who recorded it. Read by reflection once per event type.
/// </summary>
public sealed record EventFacts(
    LocalDate? BusinessDate,
    IReadOnlyList<OfficerSignature> Officers,
    IReadOnlyList<string> Documents,
    IReadOnlyDictionary<string, string> Media,
    string? RecordedBy)
{
    private static readonly ConcurrentDictionary<Type, Func<object, EventFacts>> Readers = new();

    public static EventFacts Of(object data) => Readers.GetOrAdd(data.GetType(), Reader)(data);

    private static Func<object, EventFacts> Reader(Type type)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        var date = properties.FirstOrDefault(p =>
            (p.PropertyType == typeof(LocalDate) || p.PropertyType == typeof(LocalDate?))
            && p.Name.EndsWith("On", StringComparison.Ordinal) && !p.Name.Contains("Due", StringComparison.Ordinal));
        var officers = properties.FirstOrDefault(p => p.Name == "Officers" && typeof(IEnumerable<OfficerSignature>).IsAssignableFrom(p.PropertyType));
        var documents = properties.FirstOrDefault(p => p.Name == "Documents" && typeof(IEnumerable<string>).IsAssignableFrom(p.PropertyType));
        var recordedBy = properties.FirstOrDefault(p => p.Name == "RecordedBy" && p.PropertyType == typeof(string));
        var media = properties.Where(p => p.PropertyType == typeof(string) && p.Name.EndsWith("Sha256", StringComparison.Ordinal)).ToArray();
        return data => new EventFacts(
            date?.GetValue(data) as LocalDate?,
            officers?.GetValue(data) is IEnumerable<OfficerSignature> o ? [.. o] : [],
            documents?.GetValue(data) is IEnumerable<string> d ? [.. d] : [],
            media.Select(p => (Name: JsonNamingPolicy.CamelCase.ConvertName(p.Name), Hash: p.GetValue(data) as string))
                .Where(m => m.Hash is not null)
                .ToDictionary(m => m.Name, m => m.Hash!),
            recordedBy?.GetValue(data) as string);
    }
}
