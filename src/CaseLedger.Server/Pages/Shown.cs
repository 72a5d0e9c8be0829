using System.Globalization;
using System.Text.RegularExpressions;
using CaseLedger.Server.Resources;
using CaseLedger.Domain;
using NodaTime;
using NodaTime.Text;
using Microsoft.Extensions.Localization;

namespace CaseLedger.Server.Pages;

/// <summary>How the pages show values: instants in the agencies' zone (Asia/Shanghai), dates as ISO, rates as percentages.</summary>
public static partial class Shown
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

    /// <summary>
    /// A deadline's purpose in the page's language: on a Chinese page its translation (<see cref="DeadlinePurposes"/>) with
    /// the purpose's number put back in; the domain's English where there is none yet, never nothing.
    /// </summary>
    public static string Purpose(string purpose, IStringLocalizer<DeadlinePurposes> purposes)
    {
        if (CultureInfo.CurrentUICulture.TwoLetterISOLanguageName != "zh") return purpose;
        var number = Number().Match(purpose);
        var name = number.Success ? string.Concat(purpose.AsSpan(0, number.Index), "{0}", purpose.AsSpan(number.Index + number.Length)) : purpose;
        var shown = purposes[name];
        return shown.ResourceNotFound ? purpose : string.Format(CultureInfo.InvariantCulture, shown.Value, number.Value);
    }

    [GeneratedRegex(@"\d+", RegexOptions.CultureInvariant)]
    private static partial Regex Number();
}
