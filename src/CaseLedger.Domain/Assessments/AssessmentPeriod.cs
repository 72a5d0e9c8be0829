using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace CaseLedger.Domain.Assessments;

/// <summary>
/// An assessment's period (评议考核, 山东省行政执法监督条例 Art. 16): whole months, as the agency figures are counted — <c>from</c> and
/// <c>to</c> as <c>yyyy-MM</c>, or a <c>year</c> with an optional <c>quarter</c> (1–4).
/// </summary>
public sealed record AssessmentPeriod(LocalDate FirstMonth, LocalDate LastMonth)
{
    /// <summary>The longest period, in months (the figures' counters answer as many).</summary>
    public const int MaxMonths = 120;

    private static readonly LocalDatePattern MonthPattern = LocalDatePattern.CreateWithInvariantCulture("uuuu-MM");

    public LocalDate From => FirstMonth;

    public LocalDate To => LastMonth.PlusMonths(1).PlusDays(-1);

    /// <summary>Whether the days <paramref name="from"/> to <paramref name="to"/> lie within this period.</summary>
    public bool Contains(LocalDate from, LocalDate to) => from >= From && to <= To;

    /// <summary>The period asked for, or why it is not one.</summary>
    public static (AssessmentPeriod? Period, Refusal? Invalid) Parse(string? from, string? to, string? year, string? quarter)
    {
        if (year is not null)
        {
            if (from is not null || to is not null) return Invalid("give either year[&quarter] or from&to, not both.");
            if (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y) || y is < 1990 or > 9999) return Invalid("year must be a year such as 2025.");
            if (quarter is null) return (new AssessmentPeriod(new LocalDate(y, 1, 1), new LocalDate(y, 12, 1)), null);
            if (!int.TryParse(quarter, NumberStyles.None, CultureInfo.InvariantCulture, out var q) || q is < 1 or > 4) return Invalid("quarter must be 1 to 4.");
            var first = new LocalDate(y, 3 * q - 2, 1);
            return (new AssessmentPeriod(first, first.PlusMonths(2)), null);
        }
        if (quarter is not null) return Invalid("quarter needs a year.");
        if (from is null || to is null) return Invalid("give from and to (yyyy-MM), or a year and optionally a quarter.");
        var (f, t) = (MonthPattern.Parse(from), MonthPattern.Parse(to));
        if (!f.Success || !t.Success) return Invalid("from and to are months: yyyy-MM.");
        if (t.Value < f.Value) return Invalid("to comes before from.");
        if (f.Value.PlusMonths(MaxMonths) <= t.Value) return Invalid($"a period is at most {MaxMonths} months.");
        return (new AssessmentPeriod(f.Value, t.Value), null);
    }

    /// <summary>The same, the year and quarter given as numbers (a command's body).</summary>
    public static (AssessmentPeriod? Period, Refusal? Invalid) Parse(string? from, string? to, int? year, int? quarter) =>
        Parse(from, to, year?.ToString(CultureInfo.InvariantCulture), quarter?.ToString(CultureInfo.InvariantCulture));

    private static (AssessmentPeriod?, Refusal?) Invalid(string message) => (null, new Refusal(RefusalCodes.ValidationFailed, message));
}
