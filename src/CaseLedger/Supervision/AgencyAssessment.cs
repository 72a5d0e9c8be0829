using System.Globalization;
using CaseLedger.CaseFileReviews;
using CaseLedger.Domain;
using CaseLedger.Domain.CaseFileReviews;
using Marten;
using NodaTime;
using NodaTime.Text;

namespace CaseLedger.Supervision;

/// <summary>
/// An assessment's period (评议考核, 山东省行政执法监督条例 Art. 16): whole months, as the agency figures are counted — <c>from</c> and
/// <c>to</c> as <c>yyyy-MM</c>, or a <c>year</c> with an optional <c>quarter</c> (1–4).
/// </summary>
public sealed record AssessmentPeriod(LocalDate FirstMonth, LocalDate LastMonth)
{
    public const int MaxMonths = AgencyFiguresQuery.MaxMonths;

    private static readonly LocalDatePattern MonthPattern = LocalDatePattern.CreateWithInvariantCulture("uuuu-MM");

    public LocalDate From => FirstMonth;

    public LocalDate To => LastMonth.PlusMonths(1).PlusDays(-1);

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

    private static (AssessmentPeriod?, Refusal?) Invalid(string message) => (null, new Refusal(RefusalCodes.ValidationFailed, message));
}

/// <summary>
/// An agency's assessment over a period (评议考核, Art. 16; 法治政府建设实施纲要 item 28): its figures over the months of the period
/// (<see cref="AgencyFiguresQuery.PeriodAsync"/>: the missed-deadline rate of the cases filed, the correction rate of the reconsideration
/// decisions made, the litigation loss rate of the judgments made, the supervision decisions made and the non-compliance recorded), and
/// the case-file review scores of its files scored in the period (<see cref="ReviewScores"/>), per officer as well.
/// </summary>
public sealed record AgencyAssessment(
    string AgencyId, LocalDate From, LocalDate To, MonthFigures Figures, ReviewScores Reviews, IReadOnlyList<OfficerReviewResult> Officers);

/// <summary>Reads <see cref="AgencyAssessment"/>: the figures' counters and the review campaigns that reviewed the agency.</summary>
public sealed class AgencyAssessmentQuery(AgencyFiguresQuery figures)
{
    /// <summary>The assessment of a registered agency the reader's scope covers, over the period asked (<see cref="AssessmentPeriod.Parse"/>).</summary>
    public async Task<Answer<AgencyAssessment>> ReadAsync(IQuerySession session, ReadScope reader, string agencyId,
        (string? From, string? To, string? Year, string? Quarter) asked, CancellationToken ct)
    {
        // Who may read it first: a reader of another agency learns nothing, not even that the period is malformed.
        if (await AgencyFiguresQuery.RefusedAsync(session, reader, agencyId, ct) is { } refused) return refused;
        var (period, invalid) = AssessmentPeriod.Parse(asked.From, asked.To, asked.Year, asked.Quarter);
        if (invalid is not null) return invalid;
        var counted = await figures.PeriodAsync(agencyId, period!.FirstMonth, period.LastMonth, ct);
        var campaigns = await session.Query<ReviewCampaignFile>().Where(c => c.State!.Opening.Agencies.Contains(agencyId)).ToListAsync(ct);
        var scored = campaigns.SelectMany(c => c.State?.Scored ?? [])
            .Where(x => x.AgencyId == agencyId && x.ScoredOn >= period.From && x.ScoredOn <= period.To).ToList();
        return new AgencyAssessment(agencyId, period.From, period.To, counted, ReviewScores.Of(scored), ReviewResults.OfficersOf(scored));
    }
}
