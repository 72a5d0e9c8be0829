using CaseLedger.Domain;
using CaseLedger.Domain.Assessments;
using CaseLedger.Domain.CaseFileReviews;
using CaseLedger.Domain.Officers;
using Marten;
using NodaTime;

namespace CaseLedger.Supervision;

/// <summary>
/// An officer's assessment over a period (评议考核 of officers, 山东省行政执法监督条例 Art. 16; 法治政府建设实施纲要 item 28), on the
/// agency figures' definitions narrowed to the cases the officer took part in (investigated, or signed the decision of):
/// <list type="bullet">
/// <item>cases handled: those filed in the period; of them, those that missed a deadline, and the deadlines missed (the overdue steps);</item>
/// <item>decisions taken part in: made in the period;</item>
/// <item>corrections: decisions taken part in (whenever made) that a reconsideration, a court or a supervision decision revoked, changed
/// or confirmed illegal in the period (when the correction took effect on the case: a reconsideration decision served, a judgment
/// or supervision decision carried), by the kind of proceeding;</item>
/// <item>case-file review scores of their files scored in the period, and the third parties' assessments of them.</item>
/// </list>
/// </summary>
public sealed record OfficerAssessment(
    string OfficerId, string AgencyId, LocalDate From, LocalDate To, int CasesHandled, int CasesWithMissedDeadlines, int DeadlinesMissed,
    double? MissedRate, int DecisionsTakenPartIn, OfficerCorrections Corrections, ReviewScores Reviews,
    IReadOnlyList<ThirdPartyAssessmentRecorded> ThirdParty);

/// <summary>The officer's decisions corrected in the period: how many, by the kind of proceeding that corrected them, and which.</summary>
/// <param name="Reconsideration">Corrected by a reconsideration decision (行政复议法 Arts. 63–66).</param>
/// <param name="Litigation">By a judgment (行政诉讼法 Arts. 70, 77).</param>
/// <param name="Supervision">By a supervision decision (山东省行政执法监督条例 Arts. 32–34).</param>
public sealed record OfficerCorrections(int Corrected, int Reconsideration, int Litigation, int Supervision, IReadOnlyList<CorrectedDecision> Cases);

/// <summary>A decision the officer took part in that was corrected: the case, when it was decided and corrected, and by what kinds of proceeding.</summary>
public sealed record CorrectedDecision(string CaseId, string? CaseNumber, LocalDate? DecidedOn, LocalDate CorrectedOn, bool Revoked, IReadOnlyList<string> By);

/// <summary>
/// Reads <see cref="OfficerAssessment"/>: the officer's cases through the inverted index of <see cref="CaseSupervision.Officers"/> (one
/// query bounded by the officer's own cases, never a scan of the events or of the agency's cases), the linked proceedings that
/// corrected them by id, the review campaigns of the officer's agency and the third parties' assessments of it.
/// </summary>
public static class OfficerAssessmentQuery
{
    /// <param name="session">The register's database: the officer, the campaigns, the third parties' assessments.</param>
    /// <param name="cases">The databases that may hold the officer's cases (with regions, each one the agency may have cases in).</param>
    public static async Task<Answer<OfficerAssessment>> ReadAsync(IQuerySession session, IReadOnlyList<IQuerySession> cases, ReadScope reader,
        string officerId, (string? From, string? To, string? Year, string? Quarter) asked, CancellationToken ct)
    {
        // The register's rule: unknown is not found; an officer of an agency the reader does not read is refused, before the period is looked at.
        if (await session.LoadAsync<Officer>(officerId, ct) is not { } officer) return new Refusal(RefusalCodes.NotFound, $"Officer '{officerId}' is not registered.");
        if (reader.Reads(officer.AgencyId) is { } refused) return refused;
        var (period, invalid) = AssessmentPeriod.Parse(asked.From, asked.To, asked.Year, asked.Quarter);
        if (invalid is not null) return invalid;

        var theirs = new List<CaseSupervision>();
        foreach (var db in cases)
            theirs.AddRange(await db.QueryAsync<CaseSupervision>("where officers @> ?", ct, (object)new[] { officerId }));
        bool In(LocalDate? date) => date is { } d && d >= period!.From && d <= period.To;
        var handled = theirs.Where(c => In(c.FiledOn)).ToList();
        var corrected = theirs.Where(c => In(c.CorrectedOn)).OrderBy(c => c.CorrectedOn).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();
        var kinds = new Dictionary<string, string>();
        foreach (var db in cases)
        {
            var ids = corrected.SelectMany(c => c.CorrectedBy).Distinct().Where(id => !kinds.ContainsKey(id)).ToArray();
            if (ids.Length == 0) break;
            foreach (var remedy in await db.LoadManyAsync<RemedySupervision>(ct, ids)) kinds[remedy.Id] = remedy.Kind;
        }
        var decisions = corrected.Select(c => new CorrectedDecision(c.Id, c.CaseNumber, c.DecidedOn, c.CorrectedOn!.Value, c.DecisionRevoked,
            [.. c.CorrectedBy.Select(id => kinds.GetValueOrDefault(id, "unknown")).Distinct()])).ToList();
        var corrections = new OfficerCorrections(decisions.Count, decisions.Count(d => d.By.Contains(ProceedingKinds.Reconsideration)),
            decisions.Count(d => d.By.Contains(ProceedingKinds.Litigation)), decisions.Count(d => d.By.Contains(ProceedingKinds.Supervision)), decisions);

        var scored = (await AgencyAssessmentQuery.ScoredAsync(session, officer.AgencyId, period!, ct)).Where(x => x.HandledBy.Contains(officerId)).ToList();
        var withMissed = handled.Count(c => c.MissedCount > 0);
        return new OfficerAssessment(officerId, officer.AgencyId, period!.From, period.To, handled.Count, withMissed, handled.Sum(c => c.MissedCount),
            handled.Count == 0 ? null : Math.Round((double)withMissed / handled.Count, 4), theirs.Count(c => In(c.DecidedOn)), corrections,
            ReviewScores.Of(scored), await AgencyAssessmentQuery.ThirdPartyOfAsync(session, officer.AgencyId, period, officerId, ct));
    }
}
