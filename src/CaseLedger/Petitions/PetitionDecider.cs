using CaseLedger.Calendar;
using CaseLedger.Cases;
using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Officers;
using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.Petitions;
using CaseLedger.Remedies;
using JasperFx.Events;
using Marten;
using NodaTime;

namespace CaseLedger.Petitions;

/// <summary>
/// Petition streams: loads the petition, the officers it names, an earlier petition on the same facts and, for a
/// routing to reconsideration, the case; a routing opens the linked reconsideration through the outbox (诉访分离).
/// </summary>
public sealed class PetitionDecider(CalendarService calendar) : IStreamDecider
{
    public bool Handles(object command) => command is IPetitionCommand;

    public async Task<PendingAppend> DecideAsync(RunCommand command, IDocumentSession session, Instant now, CancellationToken ct)
    {
        var pc = (IPetitionCommand)command.Command;
        // The linked reconsideration's id is chosen here, outside the pure decision.
        if (pc is RoutePetition { To: PetitionChannel.Reconsideration, ReconsiderationId: null } route)
            pc = route with { ReconsiderationId = StreamKeys.NewCaseId() };
        var batch = session.CreateBatchQuery();
        var fetch = batch.Events.ForWriting<PetitionFile>(command);
        // The actor is loaded with the staff the command names: a step it records alone needs its qualification (行政复议法 Art. 6).
        var officersLoad = batch.NamedOfficers(session, pc.NamedOfficers().Append(command.Actor.Id));
        var earlierLoad = pc is LodgePetition { SameFactsAs: { Length: > 0 } earlierId } ? batch.Load<PetitionFile>(earlierId) : null;
        var lodgedCaseLoad = pc is LodgePetition { CaseId: { Length: > 0 } lodgedCaseId } ? batch.Load<CaseFile>(lodgedCaseId) : null;
        var bodyLoad = pc is RoutePetition { To: PetitionChannel.Reconsideration, Body: { Length: > 0 } bodyId } ? batch.RegisterDocument<Agency>(session, bodyId) : null;
        await batch.Execute(ct);

        var stream = await fetch;
        if (stream.CurrentVersion > 0 && stream.Aggregate?.State is null)
            return PendingAppend.Refused(RefusalCodes.NotFound, $"'{command.StreamId}' is not a petition.");
        var state = stream.Aggregate?.State;
        var officers = await officersLoad;
        var earlier = earlierLoad is null ? null : (await earlierLoad)?.State;
        var caseId = (pc as RoutePetition)?.CaseId ?? state?.Lodging.CaseId;
        var contested = pc is RoutePetition { To: PetitionChannel.Reconsideration } && caseId is { Length: > 0 }
            ? (await session.LoadAsync<CaseFile>(caseId, ct))?.State
            : null;

        var acting = state is null
            ? lodgedCaseLoad is null ? command.Actor.AgencyId is { } own ? [own] : null
                : (await lodgedCaseLoad)?.State is { } lodgedCase ? [lodgedCase.AgencyId] : null
            : await ActingAgenciesAsync(session, state, ct);
        if (Authorization.MayRecord(command.Actor, acting, PetitionCase.Writers, "the steps of this petition") is { } forbidden)
            return PendingAppend.Refused(forbidden);
        // The reconsideration it opens is acted on by its body's staff: a body of the register (行政复议法 Arts. 24–28).
        if (bodyLoad is not null && await bodyLoad is null)
            return PendingAppend.Refused(RefusalCodes.NotFound, $"Agency '{((RoutePetition)pc).Body}' is not registered: the reconsideration body is an agency of the register.");
        var context = new CaseContext(now, command.Actor, command.StreamId, officers, null, calendar.Current) { ActingAgencies = acting };
        var decision = PetitionCase.Decide(pc, state, context, earlier, contested);
        return new PendingAppend(decision, stream.CurrentVersion ?? 0, stream.Appender(), Effects: appended => Effects(appended, command.CorrelationId, state));
    }

    /// <summary>
    /// The agency a petition belongs to (docs/access.md): the stored case's, or for a petition about no case the agency of
    /// the staff who lodged it. A petition command pays this one read more; penalty-case commands do not.
    /// </summary>
    private static async Task<IReadOnlyCollection<string>?> ActingAgenciesAsync(IDocumentSession session, PetitionState state, CancellationToken ct)
    {
        if (state.Lodging.CaseId is { Length: > 0 } caseId)
            return (await session.LoadAsync<CaseFile>(caseId, ct))?.State is { } stored ? [stored.AgencyId] : [];
        return (await Register.LoadAsync<Officer>(session, state.Lodging.RecordedBy, ct))?.AgencyId is { } agency ? [agency] : [];
    }

    /// <summary>
    /// What the appended events do to linked streams: a routing to reconsideration opens the reconsideration it names, with the
    /// application the recorded routing and the petition's lodging make (诉访分离; 信访工作条例 Art. 31).
    /// </summary>
    /// <param name="before">The petition before these events (null when <paramref name="appended"/> is the whole stream).</param>
    public static IEnumerable<CarryEffect> Effects(IReadOnlyList<IEvent> appended, string? correlationId, PetitionState? before = null)
    {
        var state = before;
        foreach (var e in appended)
        {
            state = PetitionCase.Evolve(state, e.Data);
            if (e.Data is PetitionRouted { ReconsiderationId: { } reconsiderationId } routed && state is not null)
                yield return CarryEffect.Of(reconsiderationId, PetitionCase.RoutedApplication(state, routed), $"effect:{e.Id}:reconsideration", correlationId);
        }
    }
}
