using CaseLedger.Assessments;
using CaseLedger.CaseFileReviews;
using CaseLedger.Domain;
using CaseLedger.Domain.CaseFileReviews;
using Marten;
using NodaTime;
using CaseLedger.Domain.Assessments;

namespace CaseLedger.Supervision;

/// <summary>
/// An agency's assessment over a period (评议考核, Art. 16; 法治政府建设实施纲要 item 28): its figures over the months of the period
/// (<see cref="AgencyFiguresQuery.PeriodAsync"/>: the missed-deadline rate of the cases filed, the correction rate of the reconsideration
/// decisions made, the litigation loss rate of the judgments made, the supervision decisions made and the non-compliance recorded), and
/// the case-file review scores of its files scored in the period (<see cref="ReviewScores"/>), per officer as well, and the third
/// parties' assessments of it and its officers over periods within this one (<see cref="ThirdPartyAssessment"/>).
/// </summary>
public sealed record AgencyAssessment(
    string AgencyId, LocalDate From, LocalDate To, MonthFigures Figures, ReviewScores Reviews, IReadOnlyList<OfficerReviewResult> Officers,
    IReadOnlyList<ThirdPartyAssessmentRecorded> ThirdParty);

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
        var scored = await ScoredAsync(session, agencyId, period, ct);
        var thirdParty = await ThirdPartyOfAsync(session, agencyId, period, null, ct);
        return new AgencyAssessment(agencyId, period.From, period.To, counted, ReviewScores.Of(scored), ReviewResults.OfficersOf(scored), thirdParty);
    }

    /// <summary>The agency's files scored in the period by the review campaigns that reviewed it.</summary>
    public static async Task<IReadOnlyList<CaseFileScored>> ScoredAsync(IQuerySession session, string agencyId, AssessmentPeriod period, CancellationToken ct)
    {
        var campaigns = await session.Query<ReviewCampaignFile>().Where(c => c.State!.Opening.Agencies.Contains(agencyId)).ToListAsync(ct);
        return [.. campaigns.SelectMany(c => c.State?.Scored ?? []).Where(x => x.AgencyId == agencyId && x.ScoredOn >= period.From && x.ScoredOn <= period.To)];
    }

    /// <summary>
    /// The third parties' assessments of the agency (and, when <paramref name="officerId"/> is given, of that officer only) over
    /// periods within <paramref name="period"/>, oldest first: an indexed query on the agency.
    /// </summary>
    public static async Task<IReadOnlyList<ThirdPartyAssessmentRecorded>> ThirdPartyOfAsync(IQuerySession session, string agencyId,
        AssessmentPeriod period, string? officerId, CancellationToken ct)
    {
        var files = await session.Query<ThirdPartyAssessmentFile>().Where(f => f.State!.Record.AgencyId == agencyId).ToListAsync(ct);
        return [.. files.Select(f => f.State?.Record).OfType<ThirdPartyAssessmentRecorded>()
            .Where(r => period.Contains(r.PeriodFrom, r.PeriodTo) && (officerId is null || r.OfficerId == officerId))
            .OrderBy(r => r.PeriodFrom).ThenBy(r => r.AssessedOn).ThenBy(r => r.Assessor, StringComparer.Ordinal)];
    }
}
