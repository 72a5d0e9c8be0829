using CaseLedger.Domain.Calendar;
using static CaseLedger.Domain.Tests.Calendar.Dates;

namespace CaseLedger.Domain.Tests.Calendar;

public class when_the_official_calendars_are_loaded
{
    private readonly HolidayCalendar calendar = HolidayCalendar.Official();

    [Theory]
    [InlineData(2025)]
    [InlineData(2026)]
    public void the_year_has_248_working_days(int year) =>
        Assert.Equal(248, Year(year).Count(calendar.IsWorkingDay));

    [Theory]
    [InlineData(2025)]
    [InlineData(2026)]
    public void the_year_is_official_and_its_periods_are_not_provisional(int year)
    {
        Assert.True(calendar.IsOfficial(year));
        Assert.False(calendar.IsProvisional(D($"{year}-01-01"), D($"{year}-12-31")));
    }

    [Fact]
    public void the_2025_spring_festival_swaps_follow_the_notice()
    {
        Assert.True(calendar.IsWorkingDay(D("2025-01-26")), "Sunday 2025-01-26 is worked instead");
        Assert.True(calendar.IsWorkingDay(D("2025-02-08")), "Saturday 2025-02-08 is worked instead");
        Assert.All(Range("2025-01-28", "2025-02-04"), day => Assert.False(calendar.IsWorkingDay(day)));
        Assert.True(calendar.IsWorkingDay(D("2025-01-27")));
        Assert.True(calendar.IsWorkingDay(D("2025-02-05")));
    }

    [Fact]
    public void the_2026_calendar_follows_the_notice()
    {
        foreach (var worked in new[] { "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10" })
            Assert.True(calendar.IsWorkingDay(D(worked)), $"{worked} is worked instead");
        Assert.All(Range("2026-02-15", "2026-02-23"), day => Assert.False(calendar.IsWorkingDay(day)));
        Assert.All(Range("2026-10-01", "2026-10-07"), day => Assert.False(calendar.IsWorkingDay(day)));
        Assert.False(calendar.IsWorkingDay(D("2026-01-02")), "Friday 2026-01-02 is a New Year day off");
        Assert.True(calendar.IsWorkingDay(D("2026-02-24")));
    }

    [Fact]
    public void every_statutory_holiday_day_lies_inside_the_official_days_off()
    {
        // Checks the lunar and Qingming code against two published notices: each weekday the statutory
        // computation takes off (holidays and Art. 6 make-up days) is off in the official calendar too.
        foreach (var year in new[] { 2025, 2026 })
        {
            var official = calendar.OfficialYears.Single(y => y.Year == year);
            foreach (var holiday in StatutoryHolidays.For(year))
                Assert.All(holiday.Days, day => Assert.True(official.IsHoliday(day), $"{holiday.Name} {day:yyyy-MM-dd} is not an official day off"));
            Assert.All(StatutoryHolidays.WeekdaysOff(year), day => Assert.True(official.IsHoliday(day), $"{day:yyyy-MM-dd} is not an official day off"));
        }
    }

    [Fact]
    public void the_statutory_holidays_of_2025_and_2026_fall_on_the_known_days()
    {
        Assert.Equal(D("2025-01-29"), StatutoryHolidays.LunarDate(2025, 1, 1));
        Assert.Equal(D("2025-05-31"), StatutoryHolidays.LunarDate(2025, 5, 5));
        Assert.Equal(D("2025-10-06"), StatutoryHolidays.LunarDate(2025, 8, 15)); // after 2025's leap sixth month
        Assert.Equal(D("2025-04-04"), StatutoryHolidays.Qingming(2025));
        Assert.Equal(D("2026-02-17"), StatutoryHolidays.LunarDate(2026, 1, 1));
        Assert.Equal(D("2026-06-19"), StatutoryHolidays.LunarDate(2026, 5, 5));
        Assert.Equal(D("2026-09-25"), StatutoryHolidays.LunarDate(2026, 8, 15));
        Assert.Equal(D("2026-04-05"), StatutoryHolidays.Qingming(2026));
    }
}
