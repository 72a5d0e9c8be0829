using CaseLedger.Audit;
using CaseLedger.Calendar;
using CaseLedger.Cases;
using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Domain.Audit;
using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Penalty;
using CaseLedger.Server.Http;
using CaseLedger.Supervision;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace CaseLedger.Server.Pages.Console;

/// <summary>A case as it stands or as it stood (one side of the page, or each of two compared).</summary>
public sealed record CaseMoment(long Version, Instant? AsOf, LocalDate Today, PenaltyCaseState State, IReadOnlyList<Deadline> Deadlines);

/// <summary>
/// A penalty case: every recorded step with its officers, certificates, documents and media hashes and its chain hash checked
/// against the stored events; the case and its deadlines now, or replayed at a version or an instant (what
/// <c>GET /api/cases/{id}/state</c> answers), and two moments side by side. Two reads of the stream (Marten's events for the
/// steps, the stored rows for the chain) and one of the officers they name, whatever the number of steps.
/// </summary>
public sealed class CaseModel(IQuerySession session, StoredLog log, CalendarService calendar, IClock clock) : ConsolePage
{
    public string CaseId { get; private set; } = "";
    public string AgencyId { get; private set; } = "";
    public IReadOnlyList<IEvent> Events { get; private set; } = [];
    public IReadOnlyList<AuditStep> Steps { get; private set; } = [];
    public IReadOnlySet<long> Broken { get; private set; } = new HashSet<long>();
    public IReadOnlyList<Finding> ChainFindings { get; private set; } = [];
    public CaseMoment? Moment { get; private set; }
    public CaseMoment? Compared { get; private set; }
    /// <summary>What was asked that cannot be shown (an instant that does not parse, a moment before the case).</summary>
    public string? Problem { get; private set; }

    [BindProperty(SupportsGet = true)] public long? Version { get; set; }
    [BindProperty(SupportsGet = true)] public string? AsOf { get; set; }
    [BindProperty(SupportsGet = true)] public long? WithVersion { get; set; }
    [BindProperty(SupportsGet = true)] public string? WithAsOf { get; set; }

    public bool Replaying => Version is not null || AsOf is { Length: > 0 };
    public bool Comparing => WithVersion is not null || WithAsOf is { Length: > 0 };

    public async Task<IActionResult> OnGetAsync(string caseId)
    {
        var ct = HttpContext.RequestAborted;
        CaseId = caseId;
        Events = StreamKeys.IsCaseId(caseId) ? await session.Events.FetchStreamAsync(caseId, token: ct) : [];
        if (Replay.AgencyOf(Events) is not { } agency) return NotFound($"Case '{caseId}' does not exist.");
        AgencyId = agency;
        if (Refused("/api/cases/{caseId}/audit-trail", agency) is { } refused) return refused;

        var stored = await log.ReadAsync(caseId, ct);
        ChainFindings = ChainCheck.Stream(caseId, stored);
        Broken = ChainFindings.Where(f => f.Version is not null).Select(f => f.Version!.Value).ToHashSet();

        Moment = await MomentAsync(Version, AsOf, ct) ?? await NowAsync(ct);
        if (Comparing) Compared = await MomentAsync(WithVersion, WithAsOf, ct);
        var last = Math.Max(Moment?.Version ?? 0, Compared?.Version ?? 0);
        Steps = await AuditTrail.ForAsync(session, [.. Events.Where(e => e.Version <= last)], ct);
        if (Problem is not null) Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<CaseMoment?> NowAsync(CancellationToken ct)
    {
        var file = await session.LoadAsync<CaseFile>(CaseId, ct);
        if (file?.State is not { } state) return null;
        var today = AgencyZone.Today(clock.GetCurrentInstant());
        return new CaseMoment(file.Version, null, today, state, PenaltyCase.Deadlines(state, calendar.Current, today));
    }

    /// <summary>The case at a version or an instant (given in Beijing time, or as an ISO instant); null when neither is asked.</summary>
    private async Task<CaseMoment?> MomentAsync(long? version, string? asOf, CancellationToken ct)
    {
        Instant? instant = null;
        if (version is null && asOf is { Length: > 0 })
        {
            instant = Shown.FromInput(asOf);
            if (instant is not { } i || !Reading.IsCounted(i))
            {
                Problem = $"'{asOf}' is not a moment in the years whose working days CaseLedger counts.";
                return null;
            }
        }
        if (version is null && instant is null) return null;
        if (version is < 1)
        {
            Problem = "A version is a whole number from 1.";
            return null;
        }
        var replayed = await Replay.StateAsync(session, CaseId, instant, version, ct);
        if (replayed is null)
        {
            Problem = $"Case '{CaseId}' had no event at that moment.";
            return null;
        }
        return new CaseMoment(replayed.Version, instant, replayed.Today, replayed.State, PenaltyCase.Deadlines(replayed.State, calendar.Current, replayed.Today));
    }
}
