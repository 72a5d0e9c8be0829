using CaseLedger.Domain.Calendar;
using static CaseLedger.Domain.Tests.Calendar.Dates;

namespace CaseLedger.Domain.Tests.Calendar;

public class when_a_year_has_no_official_calendar
{
    private readonly HolidayCalendar calendar = HolidayCalendar.Official();

    [Fact]
    public void the_year_is_not_official_and_a_period_touching_it_is_provisional()
    {
        Assert.False(calendar.IsOfficial(2027));
        Assert.True(calendar.IsProvisional(D("2026-12-20"), D("2027-01-05")));
        Assert.False(calendar.IsProvisional(D("2026-12-01"), D("2026-12-31")));
    }

    [Fact]
    public void holidays_regulation_art_2_spring_festival_2027_is_new_years_eve_and_lunar_1_1_to_1_3()
    {
        Assert.Equal(D("2027-02-06"), StatutoryHolidays.LunarDate(2027, 1, 1));
        Assert.Contains(new HolidayRange("Spring Festival", D("2027-02-05"), D("2027-02-08")), StatutoryHolidays.For(2027));
        Assert.All(Range("2027-02-05", "2027-02-08"), day => Assert.False(calendar.IsWorkingDay(day)));
        Assert.True(calendar.IsWorkingDay(D("2027-02-04")));
    }

    [Fact]
    public void holidays_regulation_art_2_fixes_the_other_2027_holidays()
    {
        var holidays = StatutoryHolidays.For(2027);

        Assert.Contains(new HolidayRange("Mid-Autumn", D("2027-09-15"), D("2027-09-15")), holidays);
        Assert.Contains(new HolidayRange("Qingming", D("2027-04-05"), D("2027-04-05")), holidays);
        Assert.Contains(new HolidayRange("Labour Day", D("2027-05-01"), D("2027-05-02")), holidays);
        Assert.Contains(new HolidayRange("National Day", D("2027-10-01"), D("2027-10-03")), holidays);
        Assert.Equal(7, holidays.Count);
        Assert.All(Range("2027-10-01", "2027-10-03"), day => Assert.False(calendar.IsWorkingDay(day)));
        Assert.False(calendar.IsWorkingDay(D("2027-09-15")));
        Assert.False(calendar.IsWorkingDay(D("2027-01-01")));
    }

    [Fact]
    public void holidays_regulation_art_6_makes_up_a_weekend_holiday_on_the_next_weekdays()
    {
        // Lunar 1/1 and 1/2 of 2027 fall on Saturday and Sunday; National Day 2 and 3 likewise.
        Assert.False(calendar.IsWorkingDay(D("2027-02-09")));
        Assert.False(calendar.IsWorkingDay(D("2027-02-10")));
        Assert.True(calendar.IsWorkingDay(D("2027-02-11")));
        Assert.False(calendar.IsWorkingDay(D("2027-10-04")));
        Assert.False(calendar.IsWorkingDay(D("2027-10-05")));
        Assert.True(calendar.IsWorkingDay(D("2027-10-06")));
    }

    [Fact]
    public void no_weekend_day_is_worked()
    {
        Assert.All(Year(2027).Where(d => d.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday),
            day => Assert.False(calendar.IsWorkingDay(day)));
    }

    [Fact]
    public void loading_the_official_year_makes_it_official_and_replaces_the_computed_days()
    {
        var notice = OfficialYear.Parse("""
            {
              "year": 2027,
              "source": "test notice",
              "holidays": [ { "name": "Spring Festival", "from": "2027-02-05", "to": "2027-02-12" } ],
              "workingWeekendDays": [ "2027-02-20" ]
            }
            """);
        Assert.True(notice.IsValid, string.Join(" ", notice.Problems));

        var loaded = calendar.WithYear(notice.Year);

        Assert.True(loaded.IsOfficial(2027));
        Assert.False(loaded.IsProvisional(D("2027-01-01"), D("2027-12-31")));
        Assert.True(loaded.IsWorkingDay(D("2027-02-20")), "Saturday worked by the notice");
        Assert.False(loaded.IsWorkingDay(D("2027-02-12")), "day off by the notice");
        Assert.True(loaded.IsWorkingDay(D("2027-10-01")), "this notice gives no National Day: the statutory days no longer apply");
        Assert.False(calendar.IsOfficial(2027));
        Assert.False(calendar.IsWorkingDay(D("2027-10-01")));
    }

    [Fact]
    public void loading_a_year_again_replaces_it()
    {
        var replacement = OfficialYear.Parse("""
            {"year":2025,"source":"corrected notice","holidays":[],"workingWeekendDays":[]}
            """);

        var loaded = HolidayCalendar.Official().WithYear(replacement.Year!);

        Assert.True(loaded.IsWorkingDay(D("2025-01-28")));
        Assert.Equal("corrected notice", loaded.OfficialYears.Single(y => y.Year == 2025).Source);
        Assert.Equal(2, loaded.OfficialYears.Count);
    }

    [Fact]
    public void a_five_working_day_period_over_2027_spring_festival_skips_holidays_and_make_up_days() =>
        Assert.Equal(D("2027-02-17"), calendar.AddWorkingDays(D("2027-02-04"), 5));
}

public class when_a_provisional_year_predates_the_2024_revision
{
    [Fact]
    public void holidays_regulation_2013_art_2_gives_spring_festival_lunar_1_1_to_1_3_and_one_labour_day()
    {
        var holidays = StatutoryHolidays.For(2024);

        Assert.Contains(new HolidayRange("Spring Festival", D("2024-02-10"), D("2024-02-12")), holidays);
        Assert.Contains(new HolidayRange("Labour Day", D("2024-05-01"), D("2024-05-01")), holidays);
        Assert.Contains(new HolidayRange("Qingming", D("2024-04-04"), D("2024-04-04")), holidays);
    }

    [Fact]
    public void a_year_outside_the_computed_range_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => HolidayCalendar.StatutoryOnly.IsWorkingDay(D("2100-03-01")));
}
