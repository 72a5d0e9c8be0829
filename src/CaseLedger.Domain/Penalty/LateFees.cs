using CaseLedger.Domain.Calendar;
using NodaTime;

namespace CaseLedger.Domain.Penalty;

/// <summary>
/// The late fee (加处罚款) of Art. 72: 3% a day of the amount overdue that day, never more than the fine in total. The
/// amount overdue is what fell due before that day, less what was paid before it: after a part payment the fee runs on the
/// rest, and under approved instalments each instalment accrues from its own due date (domain.md §1.1 step 12, I11).
/// Nothing accrues while a reconsideration or suit is pending, until it is finally decided (Art. 73(3)).
/// </summary>
internal static class LateFees
{
    public const decimal RatePerDay = 0.03m;

    public static (int Days, decimal Fee) Upto(PenaltyCaseState s, IWorkingDayCalendar calendar, LocalDate paidOn)
    {
        var dues = Dues(s, calendar);
        if (dues.Count == 0) return (0, 0m);
        var days = 0;
        var fee = 0m;
        for (var day = dues.Min(d => d.DueOn).PlusDays(1); day <= paidOn; day = day.PlusDays(1))
        {
            if (Frozen(s, day)) continue;
            var overdue = dues.Where(d => d.DueOn < day).Sum(d => d.Amount) - s.Payments.Where(p => p.PaidOn < day).Sum(p => p.Amount);
            if (overdue <= 0) continue;
            days++;
            fee += overdue * RatePerDay;
        }
        return (days, Math.Min(s.Fine, Math.Round(fee, 2, MidpointRounding.AwayFromZero)));
    }

    /// <summary>What falls due when: the whole fine at the payment due date, or each approved instalment (the part not in the schedule at the first date).</summary>
    private static IReadOnlyList<Instalment> Dues(PenaltyCaseState s, IWorkingDayCalendar calendar)
    {
        if (Law.PaymentDue(s, calendar) is not { } due) return [];
        if (s.Deferral is not null || s.Instalments is not { } instalments) return [new Instalment(due, s.Fine)];
        var first = Law.PaymentRawDue(s) is { } raw ? calendar.Adjusted(raw, Counting.NaturalDays, Law.Policy(s).RestDayExtension) : due;
        var scheduled = instalments.Schedule.Sum(i => i.Amount);
        return [new Instalment(first, Math.Max(0m, s.Fine - scheduled)), .. instalments.Schedule];
    }

    private static bool Frozen(PenaltyCaseState s, LocalDate day) =>
        s.Remedies.Any(r => day >= r.From && (r.To is null || day <= r.To));
}
