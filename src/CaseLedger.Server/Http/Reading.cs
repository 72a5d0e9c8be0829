using System.Globalization;
using CaseLedger.Domain;
using CaseLedger.Domain.Calendar;
using Microsoft.AspNetCore.Http;
using NodaTime;
using NodaTime.Text;

namespace CaseLedger.Server.Http;

/// <summary>
/// Reads through the one policy (<see cref="Authorization"/>, docs/access.md): an agency's staff read their agency's
/// records; supervisors and auditors read within the scope an administrator granted; administrators read all.
/// </summary>
public static class Reading
{
    /// <summary>403 unless the actor may read the records of <paramref name="agencyId"/>.</summary>
    public static IResult? MayRead(this HttpContext context, string agencyId) =>
        context.MayReadAny([agencyId], "the records");

    /// <summary>403 unless the actor may read the records of one of <paramref name="agencies"/> (a linked proceeding's).</summary>
    public static IResult? MayReadAny(this HttpContext context, IEnumerable<string> agencies, string what) =>
        Authorization.MayReadAny(context.Actor(), agencies, what) is { } refused ? Problems.Of(refused, context.Request.Path) : null;

    /// <summary>
    /// An instant in the years whose working days CaseLedger can count (<see cref="StatutoryHolidays.FirstYear"/>–<see cref="StatutoryHolidays.LastYear"/>):
    /// a case as it stood in year 9999 has deadlines nobody can count, so such a query is not valid (400), not a server error.
    /// </summary>
    public static (Instant? Value, IResult? Problem) InstantQuery(this HttpContext context, string name)
    {
        var text = context.Request.Query[name].ToString();
        if (text.Length == 0) return (null, null);
        var parsed = InstantPattern.ExtendedIso.Parse(text);
        return parsed.Success && IsCounted(parsed.Value)
            ? (parsed.Value, null)
            : (null, Problems.Of(RefusalCodes.ValidationFailed,
                $"{name} must be an ISO-8601 instant such as 2026-03-02T01:30:00Z, in the years {StatutoryHolidays.FirstYear}–{StatutoryHolidays.LastYear}.", context.Request.Path));
    }

    /// <summary>Whether <paramref name="instant"/> falls in the years whose working days CaseLedger counts (see <see cref="InstantQuery"/>).</summary>
    public static bool IsCounted(Instant instant) => instant >= FirstCounted && instant < AfterLastCounted;

    private static readonly Instant FirstCounted = Instant.FromUtc(StatutoryHolidays.FirstYear, 1, 1, 0, 0);
    private static readonly Instant AfterLastCounted = Instant.FromUtc(StatutoryHolidays.LastYear, 12, 1, 0, 0);

    public static (int? Value, IResult? Problem) IntQuery(this HttpContext context, string name, int min, int max)
    {
        var text = context.Request.Query[name].ToString();
        if (text.Length == 0) return (null, null);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? (value, null)
            : (null, Problems.Of(RefusalCodes.ValidationFailed, $"{name} must be a whole number from {min} to {max}.", context.Request.Path));
    }
}
