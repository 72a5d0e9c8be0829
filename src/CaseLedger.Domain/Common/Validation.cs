using System.Globalization;
using NodaTime;

namespace CaseLedger.Domain;

/// <summary>Checks of the request itself (<c>validation-failed</c>) and the railway's end.</summary>
internal static class Valid
{
    public static Refusal Fail(string message) => new(RefusalCodes.ValidationFailed, message);

    public static Refusal? Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? Fail($"{field} is required.") : null;

    public static Refusal? Required<T>(T? value, string field) where T : class =>
        value is null ? Fail($"{field} is required.") : null;

    public static Refusal? Required(LocalDate date, string field) =>
        date == default ? Fail($"{field} is required.") : null;

    public static Refusal? Sha256(string? value, string field) =>
        value is null || IsSha256(value) ? null : Fail($"{field} must be a SHA-256 in hex (64 characters).");

    public static Refusal? Documents(IReadOnlyList<string>? documents) =>
        (documents ?? []).Any(d => d is null || !IsSha256(d))
            ? Fail("documents: each entry is a SHA-256 in hex (64 characters).")
            : null;

    /// <summary>The documents a step produced, normalised to lower-case hex: the listed ones and the named recordings.</summary>
    public static IReadOnlyList<string> Hashes(IReadOnlyList<string>? documents, params string?[] named) =>
        [.. (documents ?? []).Concat(named.OfType<string>()).Select(h => h.ToLowerInvariant()).Distinct()];

    public static string? Lower(string? sha256) => sha256?.ToLowerInvariant();

    public static bool IsSha256(string value) =>
        value.Length == 64 && value.All(char.IsAsciiHexDigit);

    public static string Money(decimal amount) => amount.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>The end of the railway: the first refusal, or the happy path.</summary>
    public static Decision Then(this Refusal? refusal, Func<Decision> accept) =>
        refusal is null ? accept() : Decision.Refuse(refusal);

    public static Refusal WrongStage(string message) => new(RefusalCodes.WrongStage, message);
}

/// <summary>The officer ids a command names, without empty entries, for the engine to load.</summary>
internal static class Names
{
    public static IEnumerable<string> Of(IEnumerable<string?>? list, params string?[] singles) =>
        (list ?? []).Concat(singles).OfType<string>().Where(id => !string.IsNullOrWhiteSpace(id)).Distinct();
}

internal static class Dates
{
    public static string Show(LocalDate date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>Enum values in their kebab-case API form (e.g. <c>reconsideration-staff</c>).</summary>
public static class Words
{
    public static string Kebab(Enum value)
    {
        var name = value.ToString();
        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) builder.Append('-');
            builder.Append(char.ToLowerInvariant(name[i]));
        }
        return builder.ToString();
    }
}
