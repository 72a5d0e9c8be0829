using System.Security.Cryptography;
using System.Text;
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
    private string? _stamp;

    public HolidayCalendar Current => _current;

    /// <summary>Names the official years in force (a hash of their content): a read model computed on another calendar is stale.</summary>
    public string Stamp => _stamp ??= StampOf(_current);

    public void Load(OfficialYear year)
    {
        _current = _current.WithYear(year);
        _stamp = null;
    }

    public void LoadAll(IEnumerable<OfficialYear> years)
    {
        foreach (var year in years) Load(year);
    }

    private static string StampOf(HolidayCalendar calendar)
    {
        var text = string.Join("\n", calendar.OfficialYears.Select(y => y.ToJson()));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16].ToLowerInvariant();
    }
}
