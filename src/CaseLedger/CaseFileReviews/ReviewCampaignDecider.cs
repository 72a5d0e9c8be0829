using System.Security.Cryptography;
using CaseLedger.Audit;
using CaseLedger.Calendar;
using CaseLedger.Cases;
using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.CaseFileReviews;
using CaseLedger.Domain.SupervisionMatters;
using CaseLedger.Supervision;
using Marten;
using NodaTime;

namespace CaseLedger.CaseFileReviews;

/// <summary>
/// Case-file review campaign streams (案卷评查, 山东省行政执法监督条例 Art. 14): for <c>open</c> reads the organ, the reviewed agencies
/// and their decided files (from the supervision documents: id, number, agency, decision date) and draws the seed when the command
/// gives none; for <c>score-file</c> reads the case and runs the conformance audit on its stored events (<see cref="AuditService"/>,
/// the same procedure checks <c>caseledger audit</c> runs), whose findings pre-fill the checklist.
/// </summary>
public sealed class ReviewCampaignDecider(CalendarService calendar, AuditService audit) : IStreamDecider
{
    public bool Handles(object command) => command is IReviewCampaignCommand;

    public async Task<PendingAppend> DecideAsync(RunCommand command, IDocumentSession session, Instant now, CancellationToken ct)
    {
        var rc = (IReviewCampaignCommand)command.Command;
        if (rc is OpenReviewCampaign { Body: null or "" } unnamed && command.Actor.Has(Role.SupervisionStaff) && command.Actor.AgencyId is { } own)
            rc = unnamed with { Body = own };
        // The seed is drawn here, outside the pure decision, and recorded with the sample it drew.
        if (rc is OpenReviewCampaign { Seed: null } unseeded)
            rc = unseeded with { Seed = RandomNumberGenerator.GetInt32(int.MaxValue) };
        var batch = session.CreateBatchQuery();
        var fetch = batch.Events.ForWriting<ReviewCampaignFile>(command);
        var officersLoad = batch.NamedOfficers(session, rc.NamedOfficers().Append(command.Actor.Id));
        var open = rc as OpenReviewCampaign;
        var agencyIds = (open?.Agencies ?? []).Where(a => !string.IsNullOrWhiteSpace(a)).Distinct().ToArray();
        var organLoad = open is { Body: { Length: > 0 } body } ? batch.RegisterDocument<Agency>(session, body) : null;
        var agenciesLoad = agencyIds.Length > 0 ? batch.LoadMany<Agency>().ById(agencyIds) : null;
        var score = rc as ScoreCaseFile;
        var caseLoad = score is { CaseId: { Length: > 0 } caseId } && StreamKeys.IsCaseId(caseId) ? batch.Load<CaseFile>(caseId) : null;
        await batch.Execute(ct);

        var stream = await fetch;
        if (stream.CurrentVersion > 0 && stream.Aggregate?.State is null)
            return PendingAppend.Refused(RefusalCodes.NotFound, $"'{command.StreamId}' is not a review campaign.");
        var state = stream.Aggregate?.State;
        var officers = await officersLoad;

        ReviewCampaignParties? parties = null;
        if (open is not null && state is null)
        {
            var agencies = agenciesLoad is null ? [] : await agenciesLoad;
            var candidates = agencyIds.Length == 0 ? [] : await CandidatesAsync(session, agencyIds, open.PeriodFrom, open.PeriodTo, ct);
            parties = new ReviewCampaignParties(organLoad is null ? null : await organLoad, [.. agencies], candidates);
        }
        FileUnderReview? file = null;
        if (score is not null && caseLoad is not null && (await caseLoad)?.State is { } reviewed && state?.ScoreOf(reviewed.CaseId) is null
            && state?.Opening.Files.Any(f => f.CaseId == reviewed.CaseId) == true)
        {
            var report = await audit.VerifyAsync(reviewed.CaseId, ct);
            file = new FileUnderReview(reviewed, [.. report.Streams.Where(s => s.Stream == reviewed.CaseId).SelectMany(s => s.Findings)]);
        }

        IReadOnlyCollection<string>? acting = state is null ? open is { Body: { Length: > 0 } organ } ? [organ] : null
            : rc is ScoreCaseFile ? ReviewCampaign.ScoringAgencies(state)
            : [state.Body];
        if (Authorization.MayRecord(command.Actor, acting, SupervisionLaw.SupervisorWriters, "the steps of this review campaign") is { } forbidden)
            return PendingAppend.Refused(forbidden);
        var context = new CaseContext(now, command.Actor, command.StreamId, officers, null, calendar.Current) { ActingAgencies = acting };
        var decision = ReviewCampaign.Decide(rc, state, context, parties, file);
        return new PendingAppend(decision, stream.CurrentVersion ?? 0, stream.Appender());
    }

    /// <summary>The reviewed agencies' cases decided in the period, as the supervision documents hold them (one small row each).</summary>
    private static async Task<IReadOnlyList<SampledFile>> CandidatesAsync(IDocumentSession session, string[] agencies, LocalDate from, LocalDate to, CancellationToken ct)
    {
        var rows = await session.Query<CaseSupervision>().Where(c => c.AgencyId.IsOneOf(agencies))
            .Select(c => new { c.Id, c.CaseNumber, c.AgencyId, c.DecidedOn }).ToListAsync(ct);
        return [.. rows.Where(r => r.DecidedOn is { } on && on >= from && on <= to)
            .Select(r => new SampledFile(r.Id, r.CaseNumber, r.AgencyId, r.DecidedOn!.Value))];
    }
}
