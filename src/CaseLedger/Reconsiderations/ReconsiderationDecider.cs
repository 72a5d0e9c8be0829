using CaseLedger.Calendar;
using CaseLedger.Cases;
using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Officers;
using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.Reconsideration;
using CaseLedger.Remedies;
using JasperFx.Events;
using Marten;
using NodaTime;

namespace CaseLedger.Reconsiderations;

/// <summary>
/// Reconsideration streams: loads the reconsideration, the staff the command names and, for an application, the
/// contested case; carries the remedy onto the case through the outbox (late fee frozen, decision revoked or changed).
/// </summary>
public sealed class ReconsiderationDecider(CalendarService calendar) : IStreamDecider
{
    public bool Handles(object command) => command is IReconsiderationCommand;

    public async Task<PendingAppend> DecideAsync(RunCommand command, IDocumentSession session, Instant now, CancellationToken ct)
    {
        var rc = (IReconsiderationCommand)command.Command;
        // The organ's staff receive the application (行政复议法 Arts. 22, 30): one that names no body is their own organ's.
        if (rc is ApplyForReconsideration { Body: null or "" } unnamed && command.Actor.Has(Role.ReconsiderationStaff) && command.Actor.AgencyId is { } own)
            rc = unnamed with { Body = own };
        var batch = session.CreateBatchQuery();
        var fetch = batch.Events.ForWriting<ReconsiderationFile>(command);
        // The actor is loaded with the staff the command names: a step it records alone needs its qualification (行政复议法 Art. 6).
        var officersLoad = batch.NamedOfficers(session, rc.NamedOfficers().Append(command.Actor.Id));
        var caseLoad = rc is ApplyForReconsideration { CaseId: { Length: > 0 } contestedId } ? batch.Load<CaseFile>(contestedId) : null;
        var bodyLoad = rc is ApplyForReconsideration { Body: { Length: > 0 } bodyId } ? batch.RegisterDocument<Agency>(session, bodyId) : null;
        await batch.Execute(ct);

        var stream = await fetch;
        if (stream.CurrentVersion > 0 && stream.Aggregate?.State is null)
            return PendingAppend.Refused(RefusalCodes.NotFound, $"'{command.StreamId}' is not a reconsideration.");
        var officers = await officersLoad;
        var contested = caseLoad is null ? null : (await caseLoad)?.State;

        // The reconsideration body's staff act on it (docs/access.md): the body the stored application names.
        IReadOnlyCollection<string>? acting = stream.Aggregate?.State is { } stored ? [stored.Application.Body]
            : rc is ApplyForReconsideration { Body: { Length: > 0 } body } ? [body]
            : null;
        if (Authorization.MayRecord(command.Actor, acting, ReconsiderationLaw.Writers, "the steps of this reconsideration") is { } forbidden)
            return PendingAppend.Refused(forbidden);
        if (stream.Aggregate?.State is null && bodyLoad is not null && await bodyLoad is null)
            return PendingAppend.Refused(RefusalCodes.NotFound,
                $"Agency '{((ApplyForReconsideration)rc).Body}' is not registered: the reconsideration body is an agency of the register, whose staff act on it.");
        var context = new CaseContext(now, command.Actor, command.StreamId, officers, null, calendar.Current) { ActingAgencies = acting };
        var decision = ReconsiderationCase.Decide(rc, stream.Aggregate?.State, context, contested);
        var caseId = stream.Aggregate?.State?.CaseId ?? (rc as ApplyForReconsideration)?.CaseId;
        var before = stream.Aggregate?.State;
        return new PendingAppend(decision, stream.CurrentVersion ?? 0, stream.Appender(), Effects: appended => Effects(caseId!, appended, command.CorrelationId, before));
    }

    /// <summary>
    /// What the appended events do to the penalty case (domain.md §3.1, §8.3; I11): an application freezes the late fee; the
    /// decision takes effect on service (行政复议法 Art. 75), so its revocation or change, and the end of the freeze, are carried
    /// when it is served, leaving 15 days to sue (行政诉讼法 Art. 45). A refusal, a withdrawal or a settlement ends the freeze at
    /// once; after a refused mandatory reconsideration (an on-the-spot decision, Art. 23) a suit may follow within 15 days too.
    /// </summary>
    /// <param name="before">The reconsideration before these events (null when <paramref name="appended"/> is the whole stream).</param>
    public static IEnumerable<CarryEffect> Effects(string caseId, IReadOnlyList<IEvent> appended, string? correlationId, ReconsiderationState? before = null)
    {
        var applied = before?.Application;
        var decided = before?.Decision;
        foreach (var e in appended)
        {
            switch (e.Data)
            {
                case ReconsiderationApplied a:
                    applied = a;
                    yield return CarryEffect.Of(caseId, new StartRemedy(RemedyKind.Reconsideration, a.ReconsiderationId, a.AppliedOn), Key(e, "start"), correlationId);
                    break;
                case ReconsiderationDecided d:
                    decided = d;
                    break;
                case ReconsiderationDecisionServed served when decided is not null:
                    if (ReconsiderationLaw.EffectOf(decided.Type) is { } effect)
                        yield return CarryEffect.Of(caseId, new CarryRemedyDecision(RemedyKind.Reconsideration, decided.ReconsiderationId, effect,
                            decided.NewPenalties, $"Reconsideration decision {decided.DecisionNumber}: {decided.Reasons}".TrimEnd(' ', ':'), served.ServedOn),
                            Key(e, "decision"), correlationId);
                    yield return CarryEffect.Of(caseId, new EndRemedy(RemedyKind.Reconsideration, served.ReconsiderationId, served.ServedOn, SuitMayFollow: true),
                        Key(e, "end"), correlationId);
                    break;
                case ReconsiderationRefused r:
                    yield return CarryEffect.Of(caseId, new EndRemedy(RemedyKind.Reconsideration, r.ReconsiderationId, r.RefusedOn,
                        SuitMayFollow: applied?.Contested.Procedure == Procedure.Simplified), Key(e, "end"), correlationId);
                    break;
                case ReconsiderationWithdrawn w:
                    yield return End(caseId, w.ReconsiderationId, w.WithdrawnOn, e, correlationId);
                    break;
                case ReconsiderationMediated { Agreed: true } m:
                    yield return End(caseId, m.ReconsiderationId, m.MediatedOn, e, correlationId);
                    break;
            }
        }
    }

    private static CarryEffect End(string caseId, string id, LocalDate on, IEvent e, string? correlationId) =>
        CarryEffect.Of(caseId, new EndRemedy(RemedyKind.Reconsideration, id, on), Key(e, "end"), correlationId);

    private static string Key(IEvent e, string what) => $"effect:{e.Id}:{what}";
}
