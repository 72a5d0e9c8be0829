using NodaTime;

namespace CaseLedger.Domain.Calendar;

public enum Counting { WorkingDays, NaturalDays, Months }

/// <summary>
/// Period arithmetic of domain.md §5: the trigger day is not counted; working days count from the day
/// after; a natural-day or month period that ends on a rest day moves to the next working day when the
/// rest-day extension applies.
/// </summary>
public static class Periods
{
    /// <summary>The last day of a period of <paramref name="workingDays"/> working days after <paramref name="trigger"/>.</summary>
    public static LocalDate AddWorkingDays(this IWorkingDayCalendar calendar, LocalDate trigger, int workingDays)
    {
        var day = trigger;
        var counted = 0;
        while (counted < workingDays)
        {
            day = day.PlusDays(1);
            if (calendar.IsWorkingDay(day)) counted++;
        }
        return day;
    }

    /// <summary>How many working days lie after <paramref name="trigger"/> up to and including <paramref name="day"/>.</summary>
    public static int WorkingDaysBetween(this IWorkingDayCalendar calendar, LocalDate trigger, LocalDate day)
    {
        var count = 0;
        for (var d = trigger.PlusDays(1); d <= day; d = d.PlusDays(1))
            if (calendar.IsWorkingDay(d)) count++;
        return count;
    }

    /// <summary>The first working day on or after <paramref name="day"/> (the rest-day extension).</summary>
    public static LocalDate NextWorkingDayFrom(this IWorkingDayCalendar calendar, LocalDate day)
    {
        while (!calendar.IsWorkingDay(day)) day = day.PlusDays(1);
        return day;
    }

    /// <summary>Raw end of a natural-day period: the start day is not counted.</summary>
    public static LocalDate AddNaturalDays(LocalDate trigger, int days) => trigger.PlusDays(days);

    /// <summary>Raw end of a month period: the matching day of the final month, else that month's last day.</summary>
    public static LocalDate AddMonths(LocalDate trigger, int months) => trigger.PlusMonths(months);

    /// <summary>The end of a period after the rest-day extension, when <paramref name="restDayExtension"/> applies.</summary>
    public static LocalDate Adjusted(this IWorkingDayCalendar calendar, LocalDate rawEnd, Counting counting, bool restDayExtension) =>
        counting != Counting.WorkingDays && restDayExtension ? calendar.NextWorkingDayFrom(rawEnd) : rawEnd;

    /// <summary>Whether any day from <paramref name="from"/> to <paramref name="to"/> falls in a year with no official calendar.</summary>
    public static bool IsProvisional(this IWorkingDayCalendar calendar, LocalDate from, LocalDate to)
    {
        for (var year = from.Year; year <= to.Year; year++)
            if (!calendar.IsOfficial(year)) return true;
        return false;
    }
}
