using CaseLedger.Domain.Calendar;
using static CaseLedger.Domain.Tests.Calendar.Dates;

namespace CaseLedger.Domain.Tests.Calendar;

public class when_counting_working_days
{
    private readonly HolidayCalendar calendar = HolidayCalendar.Official();

    [Fact]
    public void penalty_law_art_64_and_85_five_working_days_from_friday_2025_01_24_end_on_2025_02_07()
    {
        var notice = D("2025-01-24");

        Assert.Equal(D("2025-02-07"), calendar.AddWorkingDays(notice, 5));
        Assert.Equal(5, calendar.WorkingDaysBetween(notice, D("2025-02-07")));
    }

    [Fact]
    public void the_adjusted_working_saturday_2025_02_08_is_the_sixth_working_day()
    {
        Assert.Equal(D("2025-02-08"), calendar.AddWorkingDays(D("2025-01-24"), 6));
        Assert.Equal(6, calendar.WorkingDaysBetween(D("2025-01-24"), D("2025-02-08")));
    }

    [Fact]
    public void the_trigger_day_is_not_counted()
    {
        Assert.Equal(D("2025-01-27"), calendar.AddWorkingDays(D("2025-01-24"), 2)); // Sun 26th worked, Mon 27th
        Assert.Equal(0, calendar.WorkingDaysBetween(D("2025-01-24"), D("2025-01-24")));
    }

    [Fact]
    public void a_working_day_period_is_not_extended_by_the_rest_day_rule() =>
        Assert.Equal(D("2025-02-07"), calendar.Adjusted(D("2025-02-07"), Counting.WorkingDays, restDayExtension: true));
}

public class when_a_natural_day_period_ends_on_a_rest_day
{
    private readonly HolidayCalendar calendar = HolidayCalendar.Official();

    [Fact]
    public void civil_code_art_203_and_civil_procedure_law_art_85_move_the_end_to_the_next_working_day()
    {
        var raw = Periods.AddNaturalDays(D("2025-09-23"), 15);

        Assert.Equal(D("2025-10-08"), raw);
        Assert.Equal(D("2025-10-09"), calendar.Adjusted(raw, Counting.NaturalDays, restDayExtension: true));
    }

    [Fact]
    public void an_ordinary_weekend_moves_the_end_to_monday() =>
        Assert.Equal(D("2025-03-10"), calendar.Adjusted(D("2025-03-08"), Counting.NaturalDays, restDayExtension: true));

    [Fact]
    public void the_end_stays_when_the_rest_day_extension_does_not_apply() =>
        Assert.Equal(D("2025-10-08"), calendar.Adjusted(D("2025-10-08"), Counting.NaturalDays, restDayExtension: false));

    [Fact]
    public void the_end_stays_on_an_adjusted_working_saturday() =>
        Assert.Equal(D("2025-10-11"), calendar.Adjusted(D("2025-10-11"), Counting.NaturalDays, restDayExtension: true));
}

public class when_a_period_is_counted_in_months
{
    [Fact]
    public void civil_code_art_202_ends_on_the_matching_day_or_the_last_day_of_a_shorter_month()
    {
        Assert.Equal(D("2025-02-28"), Periods.AddMonths(D("2025-01-31"), 1));
        Assert.Equal(D("2028-02-29"), Periods.AddMonths(D("2027-11-30"), 3));
        Assert.Equal(D("2025-07-15"), Periods.AddMonths(D("2025-01-15"), 6));
    }

    [Fact]
    public void a_month_period_ending_on_a_rest_day_is_extended()
    {
        var calendar = HolidayCalendar.Official();
        var raw = Periods.AddMonths(D("2025-09-01"), 1);

        Assert.Equal(D("2025-10-01"), raw);
        Assert.Equal(D("2025-10-09"), calendar.Adjusted(raw, Counting.Months, restDayExtension: true));
    }
}
