using CaseLedger.Domain.Calendar;
using NodaTime;

namespace CaseLedger.Domain.Penalty;

/// <summary>
/// The party's remedy periods against a decision and the court-enforcement window after them (非诉执行; domain.md §1.1
/// step 12). Counted from service: reconsideration 60 days (行政复议法 Art. 20), a direct suit 6 months (行政诉讼法 Art. 46;
/// none for an on-the-spot decision, which is reconsidered first: 行政复议法 Art. 23). A remedy sought stops enforcement
/// until it is finally decided; a reconsideration decided (or a mandatory one refused) leaves 15 days to sue from its
/// receipt (行政诉讼法 Art. 45). The agency applies within 3 months after all of this (行政强制法 Art. 53; 行诉解释 Art. 156).
/// </summary>
internal static class RemedyPeriods
{
    // The statutes' own periods, from the one table the flow charts are drawn from: one number, one place.
    public static readonly int ReconsiderationDays = Reconsideration.ReconsiderationLaw.ApplicationDays;
    public static readonly int DirectSuitMonths = Litigation.LitigationLaw.DirectSuitMonths;
    public static readonly int SuitAfterReconsiderationDays = Litigation.LitigationLaw.AfterReconsiderationDays;
    public static readonly int EnforcementMonths =
        Procedures.ProcedureRules.Statutory.Length(Procedures.ProcedureRules.General, "court-enforcement", Procedures.LimitUnit.Months);
    public const string Rule = "行政强制法 Arts. 53–54; 行诉解释 Art. 156";

    /// <summary>The day the decision reached the party: its service, or the on-the-spot decision handed over.</summary>
    public static LocalDate? Trigger(PenaltyCaseState s) => s.Service?.ServedOn ?? s.OnTheSpot?.DecidedOn;

    public static RemedyPeriod? Pending(PenaltyCaseState s) => s.Remedies.FirstOrDefault(r => r.To is null);

    /// <summary>The last day on which the party may still seek a remedy; a pending remedy holds it at <paramref name="asOf"/>.</summary>
    public static LocalDate? End(PenaltyCaseState s, IWorkingDayCalendar calendar, LocalDate asOf)
    {
        if (Trigger(s) is not { } served) return null;
        var end = NaturalPeriods.End(calendar, served, ReconsiderationDays);
        if (s.OnTheSpot is null) end = Max(end, NaturalPeriods.EndMonths(calendar, served, DirectSuitMonths));
        foreach (var remedy in s.Remedies)
            end = Max(end, remedy.To is null ? asOf : remedy.SuitOpenUntil ?? remedy.To.Value);
        return end;
    }

    /// <summary>The last day to apply to the court: 3 months after the remedy periods end.</summary>
    public static LocalDate EnforcementDue(LocalDate remediesEnd, IWorkingDayCalendar calendar) =>
        NaturalPeriods.EndMonths(calendar, remediesEnd, EnforcementMonths);

    /// <summary><c>remedy-period-open</c> or <c>enforcement-application-late</c> for an application on <paramref name="on"/>.</summary>
    public static Refusal? Enforceable(PenaltyCaseState s, IWorkingDayCalendar calendar, LocalDate on)
    {
        if (Pending(s) is { } pending)
            return new Refusal(RefusalCodes.RemedyPeriodOpen,
                $"The {Law.Kebab(pending.Kind)} '{pending.RemedyId}' sought on {Dates.Show(pending.From)} is not finally decided; court enforcement waits for it (行政强制法 Art. 53).");
        if (End(s, calendar, on) is not { } end) return null;
        if (on <= end)
            return new Refusal(RefusalCodes.RemedyPeriodOpen,
                $"The party may still seek a remedy until {Dates.Show(end)} (reconsideration 60 days, suit 6 months from service on {Dates.Show(Trigger(s)!.Value)}); "
                + "apply to the court after that (行政强制法 Art. 53; 行诉解释 Art. 156).");
        var due = EnforcementDue(end, calendar);
        return on > due
            ? new Refusal(RefusalCodes.EnforcementApplicationLate,
                $"The court-enforcement window ended on {Dates.Show(due)}: 3 months after the remedy periods ended on {Dates.Show(end)} (行政强制法 Art. 53; 行诉解释 Art. 156).")
            : null;
    }

    private static LocalDate Max(LocalDate a, LocalDate b) => a > b ? a : b;
}
