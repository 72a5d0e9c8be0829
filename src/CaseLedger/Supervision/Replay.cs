using CaseLedger.Cases;
using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Domain.Penalty;
using JasperFx.Events;
using Marten;
using NodaTime;

namespace CaseLedger.Supervision;

/// <summary>A case exactly as it stood at a moment.</summary>
/// <param name="Today">The business date of that moment (Asia/Shanghai): its deadlines are evaluated on it.</param>
public sealed record ReplayedCase(string CaseId, PenaltyCaseState State, long Version, LocalDate Today);

public static class Replay
{
    /// <summary>
    /// The case as it stood at <paramref name="asOf"/> or at <paramref name="version"/> (one of the two), for a reader whose
    /// scope covers its agency; not-found when the case had no event then.
    /// </summary>
    public static async Task<Answer<ReplayedCase>> ReadAsync(
        IQuerySession session, ReadScope reader, string caseId, Instant? asOf, long? version, CancellationToken ct)
    {
        if (asOf is null && version is null)
            return new Refusal(RefusalCodes.ValidationFailed, "Give asOf (an instant) or version (a stream version); GET /api/cases/{id} is the case now.");
        if (asOf is not null && version is not null)
            return new Refusal(RefusalCodes.ValidationFailed, "Give asOf or version, not both.");
        if (version is < 1) return Paging.Invalid("version", 1, int.MaxValue);
        var replayed = StreamKeys.IsCaseId(caseId) ? await StateAsync(session, caseId, asOf, version, ct) : null;
        if (replayed is null) return new Refusal(RefusalCodes.NotFound, $"Case '{caseId}' had no event at that moment.");
        return reader.Reads(replayed.State.AgencyId) is { } refused ? refused : replayed;
    }

    /// <summary>
    /// The case as of an instant (events recorded at or before it) or, when given, a version; null when the
    /// case had no event yet. Folds from the nearest <see cref="CaseSnapshot"/> (<see cref="CaseHistory"/>).
    /// </summary>
    public static async Task<ReplayedCase?> StateAsync(IQuerySession session, string caseId, Instant? asOf, long? version, CancellationToken ct)
    {
        var history = version is { } v
            ? await CaseHistory.AtVersionAsync(session, caseId, v, ct)
            : await CaseHistory.AsOfAsync(session, caseId, asOf ?? throw new ArgumentNullException(nameof(asOf)), ct);
        if (history.State is not { } state) return null;
        var moment = version is null ? asOf!.Value : history.RecordedAt ?? asOf ?? throw new InvalidOperationException("A replayed version has a recording instant.");
        return new ReplayedCase(caseId, state, history.Version, AgencyZone.Today(moment));
    }

    /// <summary>The events recorded up to an instant or a version (all of them when neither is given).</summary>
    public static Task<IReadOnlyList<IEvent>> EventsAsync(IQuerySession session, string caseId, Instant? asOf, long? version, CancellationToken ct) =>
        session.Events.FetchStreamAsync(caseId, version ?? 0, asOf?.ToDateTimeOffset(), token: ct);

    /// <summary>The agency that owns the case, from its first event.</summary>
    public static string? AgencyOf(IReadOnlyList<IEvent> events) =>
        events.Count > 0 && events[0].Data is LeadRegistered lead ? lead.AgencyId : null;
}
