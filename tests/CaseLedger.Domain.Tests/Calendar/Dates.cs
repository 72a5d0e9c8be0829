using NodaTime.Text;

namespace CaseLedger.Domain.Tests.Calendar;

internal static class Dates
{
    /// <summary>An ISO date, so tests read like the notices' tables.</summary>
    public static LocalDate D(string iso) => LocalDatePattern.Iso.Parse(iso).GetValueOrThrow();

    public static IEnumerable<LocalDate> Range(string from, string to)
    {
        for (var day = D(from); day <= D(to); day = day.PlusDays(1)) yield return day;
    }

    public static IEnumerable<LocalDate> Year(int year) => Range($"{year}-01-01", $"{year}-12-31");
}
