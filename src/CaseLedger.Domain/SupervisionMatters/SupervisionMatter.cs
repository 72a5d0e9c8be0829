using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Penalty;
using NodaTime;

namespace CaseLedger.Domain.SupervisionMatters;

/// <summary>What the engine read for opening a matter: the supervising organ, the supervised agency and the case concerned.</summary>
/// <param name="Reviewed">For a matter opened on a case-file review: the campaign's score of the case, if it scored it.</param>
public sealed record SupervisionParties(Agency? Organ, Agency? Supervised, PenaltyCaseState? Case, CaseFileReviews.CaseFileScored? Reviewed = null);

/// <summary>
/// A supervision matter (监督案件, 山东省行政执法监督条例; domain.md §9) as a pure decider on its own stream: opened on a
/// complaint, a plan item or a check, investigated and handled by certified supervision staff in twos, ended by an opinion the
/// agency follows or by a decision it executes. The engine carries a decision that revokes, or confirms the act illegal or
/// void, onto the penalty case it names.
/// </summary>
public static partial class SupervisionMatter
{
    /// <summary>The kebab-case command names; <c>open</c> opens the stream (<c>POST /api/supervision-matters</c>).</summary>
    public static IReadOnlyDictionary<string, Type> Commands { get; } = new Dictionary<string, Type>
    {
        ["open"] = typeof(OpenSupervisionMatter),
        ["investigate"] = typeof(InvestigateSupervisionMatter),
        ["hold-talk"] = typeof(HoldSupervisionTalk),
        ["issue-opinion"] = typeof(IssueSupervisionOpinion),
        ["record-correction"] = typeof(RecordSelfCorrection),
        ["decide"] = typeof(DecideSupervisionMatter),
        ["report-execution"] = typeof(ReportSupervisionExecution),
        ["record-non-compliance"] = typeof(RecordNonCompliance),
        ["close"] = typeof(CloseSupervisionMatter),
    };

    /// <summary>The commands the supervised agency's staff record (Arts. 28–29); the supervision staff record the others.</summary>
    public static IReadOnlySet<string> AgencyCommands { get; } = new HashSet<string> { "record-correction", "report-execution" };

    public static bool IsAgencys(ISupervisionCommand command) => command is RecordSelfCorrection or ReportSupervisionExecution;

    public static IReadOnlyList<Type> EventTypes { get; } =
    [
        typeof(SupervisionMatterOpened), typeof(SupervisionInvestigated), typeof(SupervisionTalkHeld), typeof(SupervisionOpinionIssued),
        typeof(SelfCorrectionRecorded), typeof(SupervisionDecided), typeof(SupervisionExecutionReported), typeof(NonComplianceRecorded),
        typeof(SupervisionMatterClosed),
    ];

    public static SupervisionMatterState? Evolve(SupervisionMatterState? state, object @event) => (state, @event) switch
    {
        (null, SupervisionMatterOpened e) => new SupervisionMatterState(e),
        (null, _) => null,
        _ => state.Apply(@event),
    };

    /// <summary>Pure: the events the command appends, nothing when the stream is already where it asks, or a refusal.</summary>
    /// <param name="parties">What the engine read for <c>open</c> (the organ, the supervised agency, the case); null otherwise.</param>
    public static Decision Decide(ISupervisionCommand command, SupervisionMatterState? state, CaseContext context, SupervisionParties? parties = null) =>
        (command, state) switch
        {
            (OpenSupervisionMatter c, _) => SupervisionOpening.Decide(c, state, context, parties ?? new(null, null, null)),
            (_, null) => Decision.Refuse(RefusalCodes.NotFound, $"Supervision matter '{context.CaseId}' does not exist."),
            (InvestigateSupervisionMatter c, var s) => SupervisionOpening.Decide(c, s, context),
            (HoldSupervisionTalk c, var s) => SupervisionOpening.Decide(c, s, context),
            (IssueSupervisionOpinion c, var s) => SupervisionOpinion.Decide(c, s, context),
            (RecordSelfCorrection c, var s) => SupervisionOpinion.Decide(c, s, context),
            (DecideSupervisionMatter c, var s) => SupervisionDeciding.Decide(c, s, context),
            (ReportSupervisionExecution c, var s) => SupervisionDeciding.Decide(c, s, context),
            (RecordNonCompliance c, var s) => SupervisionDeciding.Decide(c, s, context),
            (CloseSupervisionMatter c, var s) => SupervisionDeciding.Decide(c, s, context),
            _ => Decision.Refuse(RefusalCodes.ValidationFailed, $"'{command.GetType().Name}' is not a supervision command."),
        };

    /// <summary>Where the matter stands, in words a supervisor reads.</summary>
    public static string StageOf(SupervisionMatterState s) =>
        s.Closure is not null ? "closed"
        : s.Report is not null ? "executed"
        : s.Decision is not null ? "decided"
        : s.Correction is not null ? "corrected"
        : s.Opinion is not null ? "awaiting-correction"
        : s.Steps.Count > 0 ? "under-investigation"
        : "opened";

    /// <summary>A step of the supervision staff: at least two, each with a valid supervision certificate (Art. 22).</summary>
    internal static Step BySupervisors(LocalDate on, IEnumerable<string>? supervisors) =>
        new Step(on) { Staffing = SupervisionLaw.Supervisors }.By(supervisors, SupervisionLaw.SupervisorsMinimum);

    /// <summary>Who signed, each supervisor with the number of the supervision certificate shown (Art. 22).</summary>
    internal static IReadOnlyList<OfficerSignature> Signed(Step step, CaseContext context) =>
        [.. step.Signatures(context).Select(s =>
            s.Capacity == SignatureCapacity.Officer && context.Officers.TryGetValue(s.OfficerId, out var officer) && officer.SupervisionCertificateOn(step.On) is { } shown
                ? s with { CertificateNumber = shown.Number }
                : s)];

    /// <summary>A step of the supervised agency's staff (its correction, its report).</summary>
    internal static Step ByAgency(LocalDate on, IEnumerable<string>? staff) => new Step(on) { Staffing = SupervisionLaw.AgencyStaff }.By(staff);

    internal static Refusal? NotLater(LocalDate date, string what, CaseContext context) =>
        date > context.Today ? new Refusal(RefusalCodes.DateOutOfOrder, $"{what} {Dates.Show(date)} is later than today ({Dates.Show(context.Today)}).") : null;

    /// <summary>Every deadline of the matter (domain.md §8.5) with its status on <paramref name="today"/>: the agency's duties.</summary>
    public static IReadOnlyList<Deadline> Deadlines(SupervisionMatterState s, IWorkingDayCalendar calendar, LocalDate today)
    {
        var list = new DeadlineList(calendar, today);
        if (s.Opinion is { } opinion)
            list.NaturalDays("self-correction", "The agency corrects itself within 30 days of receiving the supervision opinion",
                "山东省行政执法监督条例 Art. 28", opinion.ReceivedOn, SupervisionLaw.SelfCorrectionDays, s.Correction?.CorrectedOn);
        if (s.Decision is { } decision)
        {
            if (decision.PerformBy is { } limit)
                list.NaturalDays("performance", "The agency performs its duty within the limit the decision sets", "山东省行政执法监督条例 Art. 30",
                    decision.ReceivedOn, Period.Between(decision.ReceivedOn, limit, PeriodUnits.Days).Days, s.Report?.ReportedOn, restDayExtension: false);
            list.NaturalDays("execution-report", "The agency reports the execution within 30 days of receiving the supervision decision",
                "山东省行政执法监督条例 Art. 29", decision.ReceivedOn, SupervisionLaw.ExecutionReportDays, s.Report?.ReportedOn);
        }
        return list.All;
    }
}
