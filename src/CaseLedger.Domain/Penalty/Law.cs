using System.Text;
using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Procedures;
using NodaTime;

namespace CaseLedger.Domain.Penalty;

/// <summary>The statutory periods and triggers of the Administrative Penalty Law (2021), in one place.</summary>
internal static class Law
{
    /// <summary>
    /// The 2021 revision is in force from this date (domain.md §6): a step taken on or after it follows its procedure
    /// (程序从新); what is punishable and the limitation follow the law at the act unless the new one is lighter (Art. 37).
    /// </summary>
    public static readonly LocalDate Revision2021 = new(2021, 7, 15);

    /// <summary>Art. 58(2): reviewers who first review on or after this date need the legal professional qualification.</summary>
    public static LocalDate ReviewerQualificationFrom => Revision2021;
    // The periods come from the one table the flow charts are drawn from (ProcedureRules.Statutory).
    private static int General(string limit, LimitUnit unit) => ProcedureRules.Statutory.Length(ProcedureRules.General, limit, unit);
    private static int OnTheSpot(string limit, LimitUnit unit) => ProcedureRules.Statutory.Length(ProcedureRules.Simplified, limit, unit);

    public static readonly int HearingRequestWorkingDays = General("hearing-request", LimitUnit.WorkingDays);
    public const int OldLawHearingRequestDays = 3;
    public static readonly int DefenceWorkingDays = General("defence", LimitUnit.WorkingDays);
    public static readonly int HearingNoticeWorkingDays = General("hearing-notice", LimitUnit.WorkingDays);
    public static readonly int PreservationDecisionWorkingDays = General("preservation-decision", LimitUnit.WorkingDays);
    public static readonly int ServiceWorkingDays = General("service", LimitUnit.WorkingDays);
    public static readonly int PublicationWorkingDays = General("publication", LimitUnit.WorkingDays);
    public static readonly int WithdrawalWorkingDays = General("withdrawal", LimitUnit.WorkingDays);
    public static readonly int PaymentDays = General("payment", LimitUnit.Days);
    public static readonly int ReminderWorkingDays = General("reminder", LimitUnit.WorkingDays);
    public static readonly int CashHandOverWorkingDays = OnTheSpot("cash-hand-over", LimitUnit.WorkingDays);
    public static readonly int LimitationYears = General("limitation", LimitUnit.Years);
    public static readonly int HarmLimitationYears = General("limitation-harm", LimitUnit.Years);
    public const decimal SimplifiedCitizenFineMax = 200m;
    public const decimal SimplifiedOrganisationFineMax = 3_000m;
    public const decimal OnTheSpotCollectionMax = 100m;
    public static readonly Duration FastTrackDecisionLimit =
        Duration.FromHours(ProcedureRules.Statutory.Length(ProcedureRules.FastTrack, "fast-track-decision", LimitUnit.Hours));

    public static AgencyPolicy Policy(PenaltyCaseState state) => state.Filing?.Policy ?? AgencyPolicy.Default;

    /// <summary>The substantive law of the act (Art. 37): the law in force when the act ended.</summary>
    public static string LawVersion(Violation violation) => violation.ActEndedOn < Revision2021 ? "1996/2017" : "2021";

    /// <summary>
    /// Art. 36: 2 years from the act (or the end of a continuing act) to discovery; 5 for life-health or financial safety
    /// where harm occurred (有危害后果). The 5 years are heavier than the old law's 2 (1996/2017 Art. 29), so an act that
    /// ended before 2021-07-15 keeps 2 (Art. 37).
    /// </summary>
    public static LocalDate LimitationEnd(Violation violation) =>
        violation.ActEndedOn.PlusYears(FiveYearLimitation(violation) ? HarmLimitationYears : LimitationYears);

    public static bool FiveYearLimitation(Violation violation) =>
        violation.Category != ViolationCategory.Ordinary && violation.HarmCaused && violation.ActEndedOn >= Revision2021;

    /// <summary>Art. 63: a large fine or confiscation by the policy's thresholds, or a heavy penalty kind.</summary>
    public static bool HearingTriggered(IEnumerable<PenaltyTerm> penalties, PartyKind party, AgencyPolicy policy)
    {
        var threshold = For(policy.HearingThresholds, party);
        return penalties.Any(p => p.Kind switch
        {
            PenaltyKind.Fine or PenaltyKind.Confiscation => (p.Amount ?? 0m) >= threshold,
            PenaltyKind.QualificationDowngrade or PenaltyKind.LicenceSuspension or PenaltyKind.LicenceRevocation
                or PenaltyKind.RestrictionOfActivities or PenaltyKind.StopProduction or PenaltyKind.Closure
                or PenaltyKind.PracticeBan => true,
            _ => false,
        });
    }

    public static decimal For(PartyThresholds thresholds, PartyKind party) =>
        party == PartyKind.Citizen ? thresholds.Citizen : thresholds.Organisation;

    /// <summary>
    /// Art. 64: 5 working days after the notice. Procedure follows the law on the day of the step (domain.md §6): only a
    /// notice served before 2021-07-15 gave the old 3 days (1996/2017 Art. 42), whatever the act's date.
    /// </summary>
    public static (int Length, Counting Counting) HearingRequestWindow(LocalDate noticeServedOn) =>
        noticeServedOn < Revision2021 ? (OldLawHearingRequestDays, Counting.NaturalDays) : (HearingRequestWorkingDays, Counting.WorkingDays);

    public static LocalDate HearingRequestDue(LocalDate noticeServedOn, IWorkingDayCalendar calendar)
    {
        var (length, counting) = HearingRequestWindow(noticeServedOn);
        return counting == Counting.WorkingDays
            ? calendar.AddWorkingDays(noticeServedOn, length)
            : calendar.Adjusted(Periods.AddNaturalDays(noticeServedOn, length), counting, restDayExtension: true);
    }

    /// <summary>
    /// The hearing-request window of a served notice: the later of the date stored with it and the one the law in force on
    /// the day of service gives. A notice stored while an act's date still chose the window (before the step's date did)
    /// keeps the party's full 5 working days; a calendar loaded since never shortens it.
    /// </summary>
    public static LocalDate? HearingRequestDue(PenaltyNoticeServed notice, IWorkingDayCalendar calendar) =>
        notice.HearingRequestDueOn is not { } stored ? null
        : Max(stored, HearingRequestDue(notice.ServedOn, calendar));

    public static LocalDate DefenceDue(LocalDate noticeServedOn, IWorkingDayCalendar calendar) =>
        calendar.AddWorkingDays(noticeServedOn, DefenceWorkingDays);

    /// <summary>Whether a timely hearing request still blocks the decision (I5).</summary>
    public static bool HearingPending(PenaltyCaseState state) =>
        state.HearingRequest is not null && state.Hearing is null && state.HearingWaiver is null;

    /// <summary>Why Art. 58 or the agency's catalogue requires a legal review, or null.</summary>
    public static string? LegalReviewReason(PenaltyCaseState state, IReadOnlyList<PenaltyTerm> penalties)
    {
        var policy = Policy(state);
        if (state.Conclusion is { } c && (c.Major || c.Complex)) return "the case is major or complex";
        if (state.Hearing is not null) return "the case went through a hearing";
        var fine = PenaltyCaseState.FineOf(penalties);
        if (policy.LegalReviewThresholds is { } thresholds && fine > 0 && fine >= For(thresholds, state.Party.Kind))
            return "the fine reaches the agency's legal-review threshold";
        var listed = penalties.Select(p => Kebab(p.Kind)).Append(Kebab(state.Violation.Category))
            .FirstOrDefault(k => policy.LegalReviewCatalogue.Contains(k, StringComparer.OrdinalIgnoreCase));
        return listed is null ? null : $"'{listed}' is in the agency's legal-review catalogue";
    }

    public static bool CollectiveDiscussionRequired(PenaltyCaseState state) =>
        state.Conclusion is { } c && (c.Major || c.Complex);

    /// <summary>Art. 45: the decision may not be heavier than the notice; a new kind or a larger amount is heavier.</summary>
    public static bool Heavier(IReadOnlyList<PenaltyTerm> decided, IReadOnlyList<PenaltyTerm> noticed) =>
        decided.GroupBy(p => p.Kind).Any(kind =>
        {
            var notice = noticed.Where(n => n.Kind == kind.Key).ToList();
            return notice.Count == 0 || kind.Sum(p => p.Amount ?? 0m) > notice.Sum(n => n.Amount ?? 0m);
        });

    /// <summary>Art. 34, I8: every penalty other than a warning or notice of criticism is a discretionary choice.</summary>
    public static bool Discretionary(IEnumerable<PenaltyTerm> penalties) =>
        penalties.Any(p => p.Kind is not (PenaltyKind.Warning or PenaltyKind.NoticeOfCriticism));

    public static bool Cites(Discretion? discretion) =>
        discretion is not null && !string.IsNullOrWhiteSpace(discretion.BenchmarkItem)
        && !string.IsNullOrWhiteSpace(discretion.Level) && !string.IsNullOrWhiteSpace(discretion.Reason);

    public static IReadOnlyList<ExcludedInterval> Suspensions(PenaltyCaseState state) =>
        [.. state.Suspensions.Select(s => new ExcludedInterval(s.From, s.To, s.Reason))];

    /// <summary>The decision limit of the case's policy (Art. 60: 90 days unless a sector rule provides otherwise).</summary>
    public static int DecisionDays(PenaltyCaseState state) => Policy(state).DecisionDays;

    /// <summary>Art. 60: the policy's days (90) from filing, plus the suspended days and the approved extensions; without the rest-day move.</summary>
    public static LocalDate DecisionRawDue(PenaltyCaseState state, LocalDate asOf)
    {
        var filedOn = state.Filing?.FiledOn ?? state.DiscoveredOn;
        var suspended = state.Suspensions.Sum(s => Period.Between(s.From, s.To ?? Max(asOf, s.From), PeriodUnits.Days).Days);
        return filedOn.PlusDays(DecisionDays(state) + suspended + state.Extensions.Sum(e => e.Days));
    }

    /// <summary>The decision limit; with the policy's <c>restDayExtension</c> it moves off a rest day like every natural-day period (domain.md §5).</summary>
    public static LocalDate DecisionDue(PenaltyCaseState state, LocalDate asOf, IWorkingDayCalendar calendar) =>
        calendar.Adjusted(DecisionRawDue(state, asOf), Counting.NaturalDays, Policy(state).RestDayExtension);

    /// <summary>Art. 29: one fine for one act; two fine terms in one notice or decision are two fines.</summary>
    public static bool TwoFines(IEnumerable<PenaltyTerm> penalties) => penalties.Count(p => p.Kind == PenaltyKind.Fine) > 1;

    /// <summary>Art. 67: 15 days after service (after the on-the-spot decision), rest-day extension per the case's policy; deferral or instalments move it.</summary>
    public static LocalDate? PaymentDue(PenaltyCaseState state, IWorkingDayCalendar calendar)
    {
        if (state.Deferral is { } deferral) return deferral.DeferredTo;
        if (state.Instalments is { } instalments) return instalments.Schedule.Max(i => i.DueOn);
        return PaymentRawDue(state) is { } raw
            ? calendar.Adjusted(raw, Counting.NaturalDays, Policy(state).RestDayExtension)
            : null;
    }

    public static LocalDate? PaymentTrigger(PenaltyCaseState state) => state.Service?.ServedOn ?? state.OnTheSpot?.DecidedOn;

    public static LocalDate? PaymentRawDue(PenaltyCaseState state) => PaymentTrigger(state)?.PlusDays(PaymentDays);

    public static string Kebab(Enum value) => Words.Kebab(value);

    private static LocalDate Max(LocalDate a, LocalDate b) => a > b ? a : b;
}
