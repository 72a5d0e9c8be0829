using System.Globalization;
using CaseLedger.Domain;
using CaseLedger.Domain.Calendar;
using Microsoft.AspNetCore.Http;
using NodaTime;
using NodaTime.Text;

namespace CaseLedger.Server.Http;

/// <summary>
/// Who may read case records: supervisors, auditors and administrators read every agency's; an
/// agency's own officers read their agency's.
/// </summary>
public static class Reading
{
    private static readonly Role[] Overseers = [Role.Supervisor, Role.Auditor, Role.Admin];

    public static bool Oversees(this Actor actor) => Overseers.Any(actor.Has);

    /// <summary>403 unless the actor oversees or belongs to <paramref name="agencyId"/>.</summary>
    public static IResult? MayRead(this HttpContext context, string agencyId)
    {
        var actor = context.Actor();
        return actor.Oversees() || actor.AgencyId == agencyId
            ? null
            : Problems.Of(RefusalCodes.Forbidden,
                $"'{actor.Id}' may read the records of their own agency only; supervisors, auditors and administrators read every agency's.",
                context.Request.Path);
    }

    /// <summary>The agency a list is about: the one asked for (when the actor may read it), else the actor's own; null means every agency.</summary>
    public static (string? Agency, IResult? Problem) AgencyScope(this HttpContext context, string? asked)
    {
        var actor = context.Actor();
        if (asked is { Length: > 0 }) return (asked, context.MayRead(asked));
        if (actor.Oversees()) return (null, null);
        return actor.AgencyId is { } own
            ? (own, null)
            : (null, Problems.Of(RefusalCodes.Forbidden, "This needs the role Supervisor, Auditor or Admin, or an officer of an agency.", context.Request.Path));
    }

    /// <summary>
    /// An instant in the years whose working days CaseLedger can count (<see cref="StatutoryHolidays.FirstYear"/>–<see cref="StatutoryHolidays.LastYear"/>):
    /// a case as it stood in year 9999 has deadlines nobody can count, so such a query is not valid (400), not a server error.
    /// </summary>
    public static (Instant? Value, IResult? Problem) InstantQuery(this HttpContext context, string name)
    {
        var text = context.Request.Query[name].ToString();
        if (text.Length == 0) return (null, null);
        var parsed = InstantPattern.ExtendedIso.Parse(text);
        return parsed.Success && parsed.Value >= FirstCounted && parsed.Value < AfterLastCounted
            ? (parsed.Value, null)
            : (null, Problems.Of(RefusalCodes.ValidationFailed,
                $"{name} must be an ISO-8601 instant such as 2026-03-02T01:30:00Z, in the years {StatutoryHolidays.FirstYear}–{StatutoryHolidays.LastYear}.", context.Request.Path));
    }

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
