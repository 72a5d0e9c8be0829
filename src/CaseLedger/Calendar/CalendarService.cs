using CaseLedger.Domain.Calendar;
using NodaTime;

namespace CaseLedger.Calendar;

/// <summary>An administrator loaded an official holiday calendar for a year (domain.md §5: calendars are versioned data).</summary>
public sealed record OfficialCalendarLoaded(OfficialYear Year, string LoadedBy, Instant LoadedAt);

/// <summary>Loads or replaces one year's official calendar; the body is the <see cref="OfficialYear"/> JSON.</summary>
public sealed record LoadOfficialCalendar(OfficialYear Year);

/// <summary>The calendar every decision and deadline of this process counts with: the embedded official years plus those loaded since.</summary>
public sealed class CalendarService
{
    private HolidayCalendar _current = HolidayCalendar.Official();

    public HolidayCalendar Current => _current;

    public void Load(OfficialYear year) => _current = _current.WithYear(year);

    public void LoadAll(IEnumerable<OfficialYear> years)
    {
        foreach (var year in years) Load(year);
    }
}
