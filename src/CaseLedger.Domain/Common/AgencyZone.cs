using NodaTime;

namespace CaseLedger.Domain;

/// <summary>Calendar dates are counted in the agencies' zone (domain.md §8: business dates in Asia/Shanghai).</summary>
public static class AgencyZone
{
    public static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    public static LocalDate Today(Instant now) => now.InZone(Shanghai).Date;
}
