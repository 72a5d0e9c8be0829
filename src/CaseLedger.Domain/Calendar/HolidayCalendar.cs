using System.Collections.Frozen;
using System.Collections.Immutable;
using NodaTime;

namespace CaseLedger.Domain.Calendar;

/// <summary>
/// The working-day calendar of domain.md §5. A year with a loaded <see cref="OfficialYear"/> follows it:
/// Monday–Friday minus its days off, plus its working weekend days. Any other year is provisional:
/// Monday–Friday minus the <see cref="StatutoryHolidays"/>, with no 调休 swaps. Immutable; adding a
/// year returns a new calendar.
/// </summary>
public sealed class HolidayCalendar : IWorkingDayCalendar
{
    private const string ResourcePrefix = "CaseLedger.Domain.Calendar.Data.";

    private static readonly Lazy<HolidayCalendar> Embedded = new(LoadEmbedded);

    private readonly ImmutableSortedDictionary<int, Loaded> years;

    private HolidayCalendar(ImmutableSortedDictionary<int, Loaded> years) => this.years = years;

    /// <summary>A calendar with no official year: every year is computed from the statutory holidays.</summary>
    public static HolidayCalendar StatutoryOnly { get; } = new(ImmutableSortedDictionary<int, Loaded>.Empty);

    /// <summary>The official years shipped with CaseLedger (embedded Calendar/Data/*.json).</summary>
    /// <exception cref="InvalidOperationException">An embedded file is invalid: a build defect.</exception>
    public static HolidayCalendar Official() => Embedded.Value;

    /// <summary>The loaded official years, in year order.</summary>
    public IReadOnlyList<OfficialYear> OfficialYears => [.. years.Values.Select(y => y.Year)];

    /// <summary>A new calendar with <paramref name="year"/> loaded, replacing any year with the same number.</summary>
    /// <exception cref="ArgumentException"><paramref name="year"/> fails the checks of <see cref="OfficialYear.Parse"/>.</exception>
    public HolidayCalendar WithYear(OfficialYear year)
    {
        ArgumentNullException.ThrowIfNull(year);
        // A year built in code skips Parse; the round trip applies the same checks as an upload.
        var checkedYear = OfficialYear.Parse(year.ToJson());
        if (!checkedYear.IsValid)
            throw new ArgumentException($"Official year {year.Year} is invalid: {string.Join(" ", checkedYear.Problems)}", nameof(year));
        return new(years.SetItem(year.Year, new Loaded(year)));
    }

    /// <inheritdoc />
    public bool IsOfficial(int year) => years.ContainsKey(year);

    /// <inheritdoc />
    public bool IsWorkingDay(LocalDate date)
    {
        if (years.TryGetValue(date.Year, out var official))
            return official.WorkingWeekendDays.Contains(date)
                || (!OfficialYear.IsWeekend(date) && !official.DaysOff.Contains(date));
        return !OfficialYear.IsWeekend(date) && !StatutoryHolidays.WeekdaysOff(date.Year).Contains(date);
    }

    private static HolidayCalendar LoadEmbedded()
    {
        var assembly = typeof(HolidayCalendar).Assembly;
        var calendar = StatutoryOnly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var parsed = OfficialYear.Parse(reader.ReadToEnd());
            if (!parsed.IsValid)
                throw new InvalidOperationException($"Embedded calendar {name} is invalid: {string.Join(" ", parsed.Problems)}");
            calendar = calendar.WithYear(parsed.Year);
        }
        return calendar;
    }

    // The year with its days as sets, so IsWorkingDay does not scan ranges.
    private sealed class Loaded(OfficialYear year)
    {
        public OfficialYear Year { get; } = year;
        public FrozenSet<LocalDate> DaysOff { get; } = year.Holidays.SelectMany(h => h.Days).ToFrozenSet();
        public FrozenSet<LocalDate> WorkingWeekendDays { get; } = year.WorkingWeekendDays.ToFrozenSet();
    }
}
