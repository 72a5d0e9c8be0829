using CaseLedger.Calendar;
using CaseLedger.CaseFileReviews;
using CaseLedger.Cases;
using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.SupervisionMatters;
using CaseLedger.Remedies;
using JasperFx.Events;
using Marten;
using NodaTime;

namespace CaseLedger.SupervisionMatters;

/// <summary>
/// Supervision matter streams: loads the matter, the staff the command names and, for an opening, the supervising organ, the
/// supervised agency and the case concerned; carries a decision that revokes, or confirms the act illegal or void, onto the
/// case through the outbox, like a reconsideration decision (<see cref="CarryEffect"/>).
/// </summary>
public sealed class SupervisionMatterDecider(CalendarService calendar) : IStreamDecider
{
    public bool Handles(object command) => command is ISupervisionCommand;

    public async Task<PendingAppend> DecideAsync(RunCommand command, IDocumentSession session, Instant now, CancellationToken ct)
    {
        var sc = (ISupervisionCommand)command.Command;
        // The organ's supervision staff open a matter: one that names no organ is their own agency's (Art. 4).
        if (sc is OpenSupervisionMatter { Body: null or "" } unnamed && command.Actor.Has(Role.SupervisionStaff) && command.Actor.AgencyId is { } own)
            sc = unnamed with { Body = own };
        var open = sc as OpenSupervisionMatter;
        var batch = session.CreateBatchQuery();
        var fetch = batch.Events.ForWriting<SupervisionMatterFile>(command);
        var officersLoad = batch.NamedOfficers(session, sc.NamedOfficers().Append(command.Actor.Id));
        var caseLoad = open is { CaseId: { Length: > 0 } caseId } ? batch.Load<CaseFile>(caseId) : null;
        var organLoad = open is { Body: { Length: > 0 } body } ? batch.RegisterDocument<Agency>(session, body) : null;
        var namedAgencyLoad = open is { AgencyId: { Length: > 0 } agencyId } ? batch.RegisterDocument<Agency>(session, agencyId) : null;
        var campaignLoad = open is { Source: SupervisionSource.CaseFileReview, ReviewCampaignId: { Length: > 0 } campaignId } && StreamKeys.IsCaseId(campaignId)
            ? batch.Load<ReviewCampaignFile>(campaignId)
            : null;
        await batch.Execute(ct);

        var stream = await fetch;
        if (stream.CurrentVersion > 0 && stream.Aggregate?.State is null)
            return PendingAppend.Refused(RefusalCodes.NotFound, $"'{command.StreamId}' is not a supervision matter.");
        var state = stream.Aggregate?.State;
        var officers = await officersLoad;
        var concerned = caseLoad is null ? null : (await caseLoad)?.State;
        SupervisionParties? parties = null;
        if (open is not null && state is null)
        {
            var supervised = namedAgencyLoad is null ? null : await namedAgencyLoad;
            if (concerned is not null && supervised?.Id != concerned.AgencyId)
                supervised = await Register.LoadAsync<Agency>(session, concerned.AgencyId, ct);
            var reviewed = campaignLoad is null || open.CaseId is null ? null : (await campaignLoad)?.State?.ScoreOf(open.CaseId);
            parties = new SupervisionParties(organLoad is null ? null : await organLoad, supervised, concerned, reviewed);
        }

        // The organ's supervision staff act on the matter; the supervised agency's staff record its correction and its report.
        var agencys = SupervisionMatter.IsAgencys(sc);
        IReadOnlyCollection<string>? acting = state is { } stored ? [agencys ? stored.AgencyId : stored.Body]
            : open is { Body: { Length: > 0 } organ } ? [organ]
            : null;
        var writers = agencys ? SupervisionLaw.AgencyWriters : SupervisionLaw.SupervisorWriters;
        if (Authorization.MayRecord(command.Actor, acting, writers, "the steps of this supervision matter") is { } forbidden)
            return PendingAppend.Refused(forbidden);
        var context = new CaseContext(now, command.Actor, command.StreamId, officers, null, calendar.Current) { ActingAgencies = acting };
        var decision = SupervisionMatter.Decide(sc, state, context, parties);
        return new PendingAppend(decision, stream.CurrentVersion ?? 0, stream.Appender(), Effects: appended => Effects(appended, command.CorrelationId));
    }

    /// <summary>
    /// What the appended events do to the penalty case the matter names: a decision that revokes, or confirms the act illegal or
    /// void (山东省行政执法监督条例 Arts. 32–34), takes effect on its receipt and is carried onto the case once, keyed by the event
    /// (publication withdrawn within 3 working days, 行政处罚法 Art. 48; the late fee as after a revocation by reconsideration).
    /// </summary>
    public static IEnumerable<CarryEffect> Effects(IReadOnlyList<IEvent> appended, string? correlationId)
    {
        foreach (var e in appended)
            if (e.Data is SupervisionDecided { CaseId: { Length: > 0 } caseId } d && SupervisionLaw.EffectOf(d.Type) is { } effect)
                yield return CarryEffect.Of(caseId, new CarryRemedyDecision(RemedyKind.Supervision, d.MatterId, effect, null,
                    $"Supervision decision {d.DecisionNumber}: {d.Reasons}".TrimEnd(' ', ':'), d.ReceivedOn), $"effect:{e.Id}:decision", correlationId);
    }
}
