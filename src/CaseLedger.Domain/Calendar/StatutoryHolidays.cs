using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using NodaTime;

namespace CaseLedger.Domain.Calendar;

/// <summary>
/// The holidays that 全国年节及纪念日放假办法 itself fixes, for a year whose official calendar is not
/// loaded (domain.md §5, §8.5). Days computed here are provisional: the annual notice adds 调休 swaps
/// that cannot be foreseen.
/// </summary>
/// <remarks>
/// Art. 2 as revised 2024-11-10 (in force 2025-01-01): New Year Jan 1; Spring Festival 4 days (lunar
/// New Year's Eve and lunar 1/1–1/3); Qingming 1 day (the solar term); Labour Day May 1–2; Dragon Boat
/// lunar 5/5; Mid-Autumn lunar 8/15; National Day Oct 1–3. Years before 2025 follow the 2013 revision
/// (Spring Festival lunar 1/1–1/3, Labour Day May 1); older revisions are not modelled.
/// Lunar dates come from <see cref="ChineseLunisolarCalendar"/>, which is table-driven managed code
/// and so gives the same answer with ICU or invariant globalization.
/// </remarks>
public static class StatutoryHolidays
{
    /// <summary>The first year computed: the Qingming formula below holds for 2000–2099.</summary>
    public const int FirstYear = 2000;

    public const int LastYear = 2099;

    private static readonly ChineseLunisolarCalendar Lunar = new();
    private static readonly ConcurrentDictionary<int, FrozenSet<LocalDate>> WeekdaysOffByYear = new();

    /// <summary>The statutory holidays of <paramref name="year"/> as Art. 2 lists them, in date order.</summary>
    public static IReadOnlyList<HolidayRange> For(int year)
    {
        if (year is < FirstYear or > LastYear)
            throw new ArgumentOutOfRangeException(nameof(year), year, $"Statutory holidays are computed for {FirstYear}–{LastYear} only.");

        var revised2024 = year >= 2025;
        var lunarNewYear = LunarDate(year, 1, 1);
        HolidayRange[] holidays =
        [
            new("New Year", new LocalDate(year, 1, 1), new LocalDate(year, 1, 1)),
            new("Spring Festival", revised2024 ? lunarNewYear.PlusDays(-1) : lunarNewYear, lunarNewYear.PlusDays(2)),
            new("Qingming", Qingming(year), Qingming(year)),
            new("Labour Day", new LocalDate(year, 5, 1), new LocalDate(year, 5, revised2024 ? 2 : 1)),
            new("Dragon Boat", LunarDate(year, 5, 5), LunarDate(year, 5, 5)),
            new("Mid-Autumn", LunarDate(year, 8, 15), LunarDate(year, 8, 15)),
            new("National Day", new LocalDate(year, 10, 1), new LocalDate(year, 10, 3)),
        ];
        return [.. holidays.OrderBy(h => h.From)];
    }

    /// <summary>
    /// The weekdays off in <paramref name="year"/>: the statutory holidays plus the make-up days of Art. 6
    /// (a holiday that falls on a Saturday or Sunday is made up on a working day). The make-up day is
    /// taken as the first free weekday after that holiday, as the annual notices do; a day claimed by
    /// two holidays (Mid-Autumn inside National Day) earns one too.
    /// </summary>
    public static IReadOnlySet<LocalDate> WeekdaysOff(int year) => WeekdaysOffByYear.GetOrAdd(year, Compute);

    /// <summary>
    /// Qingming (清明), the solar term at the sun's longitude 15°, by the usual 21st-century formula
    /// day = ⌊Y × 0.2422 + C⌋ − ⌊Y / 4⌋ of April, with Y the last two digits of the year and C = 4.81.
    /// Good enough for a provisional year: the official notice, once loaded, settles the day.
    /// </summary>
    public static LocalDate Qingming(int year)
    {
        // In ten-thousandths, so no floating-point rounding can move the floor.
        var y = year % 100;
        return new LocalDate(year, 4, (y * 2422 + 48100) / 10000 - y / 4);
    }

    /// <summary>
    /// The Gregorian date of lunar <paramref name="month"/>/<paramref name="day"/> of the lunar year that
    /// begins in <paramref name="year"/>. Months are the ordinary (non-leap) months 1–12.
    /// </summary>
    public static LocalDate LunarDate(int year, int month, int day)
    {
        // ChineseLunisolarCalendar numbers a leap year's months 1–13: GetLeapMonth returns the index of
        // the leap month, so the ordinary months from there on sit one index later.
        var leap = Lunar.GetLeapMonth(year);
        var index = leap != 0 && month >= leap ? month + 1 : month;
        return LocalDate.FromDateTime(Lunar.ToDateTime(year, index, day, 0, 0, 0, 0));
    }

    private static FrozenSet<LocalDate> Compute(int year)
    {
        var off = new HashSet<LocalDate>();
        foreach (var holiday in For(year))
        {
            var owed = 0;
            foreach (var day in holiday.Days)
                if (OfficialYear.IsWeekend(day) || !off.Add(day)) owed++;
            for (var day = holiday.To.PlusDays(1); owed > 0; day = day.PlusDays(1))
                if (!OfficialYear.IsWeekend(day) && off.Add(day)) owed--;
        }
        return off.ToFrozenSet();
    }
}
