using System.Globalization;
using CaseLedger.Domain;
using NodaTime;
using NodaTime.Text;

namespace CaseLedger.Server.Pages;

/// <summary>How the pages show values: instants in the agencies' zone (Asia/Shanghai), dates as ISO, rates as percentages.</summary>
public static class Shown
{
    private static readonly ZonedDateTimePattern Minute = ZonedDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm", null);
    private static readonly ZonedDateTimePattern Second = ZonedDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm:ss", null);

    public static string At(Instant instant) => Minute.Format(instant.InZone(AgencyZone.Shanghai));

    public static string AtSecond(Instant instant) => Second.Format(instant.InZone(AgencyZone.Shanghai));

    public static string Date(LocalDate date) => LocalDatePattern.Iso.Format(date);

    public static string Date(LocalDate? date) => date is { } d ? Date(d) : "—";

    public static string Percent(double? rate) => rate is { } r ? (r * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %" : "—";

    /// <summary>The value of an instant's <c>datetime-local</c> input, in Shanghai.</summary>
    public static string Input(Instant instant) => Second.Format(instant.InZone(AgencyZone.Shanghai)).Replace(' ', 'T');

    /// <summary>A <c>datetime-local</c> value read as a time in Shanghai.</summary>
    public static Instant? FromInput(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        foreach (var pattern in new[] { "uuuu-MM-dd'T'HH:mm:ss", "uuuu-MM-dd'T'HH:mm" })
        {
            var parsed = LocalDateTimePattern.CreateWithInvariantCulture(pattern).Parse(text);
            if (parsed.Success) return parsed.Value.InZoneLeniently(AgencyZone.Shanghai).ToInstant();
        }
        return null;
    }
}
