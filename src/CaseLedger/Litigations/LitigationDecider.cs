using CaseLedger.Calendar;
using CaseLedger.Cases;
using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Domain.Litigation;
using CaseLedger.Domain.Officers;
using CaseLedger.Domain.Penalty;
using CaseLedger.Reconsiderations;
using CaseLedger.Remedies;
using JasperFx.Events;
using Marten;
using NodaTime;

namespace CaseLedger.Litigations;

/// <summary>
/// Litigation streams: loads the suit, the officers it names and, for a filing, the case and the reconsideration;
/// through the outbox freezes the late fee while the suit runs and carries a lost judgment's effect onto the case.
/// </summary>
public sealed class LitigationDecider(CalendarService calendar) : IStreamDecider
{
    public bool Handles(object command) => command is ILitigationCommand;

    public async Task<PendingAppend> DecideAsync(RunCommand command, IDocumentSession session, Instant now, CancellationToken ct)
    {
        var lc = (ILitigationCommand)command.Command;
        var filing = lc as FileLitigation;
        var batch = session.CreateBatchQuery();
        var fetch = batch.Events.ForWriting<LitigationFile>(command);
        // The actor is loaded with the staff the command names: a step it records alone needs its qualification (行政复议法 Art. 6).
        var officersLoad = batch.NamedOfficers(session, lc.NamedOfficers().Append(command.Actor.Id));
        var caseLoad = filing is { CaseId: { Length: > 0 } contestedId } ? batch.Load<CaseFile>(contestedId) : null;
        var reconsiderationLoad = filing is { ReconsiderationId: { Length: > 0 } rid } ? batch.Load<ReconsiderationFile>(rid) : null;
        await batch.Execute(ct);

        var stream = await fetch;
        if (stream.CurrentVersion > 0 && stream.Aggregate?.State is null)
            return PendingAppend.Refused(RefusalCodes.NotFound, $"'{command.StreamId}' is not a litigation.");
        var officers = await officersLoad;
        var contested = caseLoad is null ? null : (await caseLoad)?.State;
        var reconsideration = reconsiderationLoad is null ? null : (await reconsiderationLoad)?.State;

        // The sued agencies' staff defend the suit (docs/access.md): the defendants of the stored filing, or those the
        // stored case and reconsideration make.
        IReadOnlyCollection<string>? acting = stream.Aggregate?.State is { } stored ? stored.Filing.Defendants
            : contested is not null ? LitigationLaw.Defendants(contested.AgencyId, reconsideration)
            : null;
        if (Authorization.MayRecord(command.Actor, acting, LitigationLaw.Writers, "the steps of this suit") is { } forbidden)
            return PendingAppend.Refused(forbidden);
        var context = new CaseContext(now, command.Actor, command.StreamId, officers, null, calendar.Current) { ActingAgencies = acting };
        var decision = LitigationCase.Decide(lc, stream.Aggregate?.State, context, contested, reconsideration);
        var caseId = stream.Aggregate?.State?.CaseId ?? filing?.CaseId;
        var before = stream.Aggregate?.State;
        return new PendingAppend(decision, stream.CurrentVersion ?? 0, stream.Appender(), Effects: appended => Effects(caseId!, appended, command.CorrelationId, before));
    }

    /// <summary>
    /// What the appended events do to the penalty case (domain.md §3.2; I11): a suit freezes the late fee; a judgment's effect
    /// (revocation, change) and the end of the freeze wait until it is final: a second-instance judgment, or a first-instance one
    /// whose appeal period passed unused (<see cref="JudgmentBecameFinal"/>).
    /// </summary>
    /// <param name="before">The suit before these events (null when <paramref name="appended"/> is the whole stream).</param>
    public static IEnumerable<CarryEffect> Effects(string caseId, IReadOnlyList<IEvent> appended, string? correlationId, LitigationState? before = null)
    {
        var judged = before?.Judgment;
        foreach (var e in appended)
        {
            switch (e.Data)
            {
                case LitigationFiled f:
                    yield return CarryEffect.Of(caseId, new StartRemedy(RemedyKind.Litigation, f.LitigationId, f.FiledOn), $"effect:{e.Id}:start", correlationId);
                    break;
                case JudgmentRecorded j:
                    judged = j;
                    if (j.Instance == JudgmentInstance.Second)
                        foreach (var effect in Final(caseId, j, j.ReceivedOn, e, correlationId)) yield return effect;
                    break;
                case JudgmentBecameFinal final when judged is not null:
                    foreach (var effect in Final(caseId, judged, final.EffectiveOn, e, correlationId)) yield return effect;
                    break;
            }
        }
    }

    private static IEnumerable<CarryEffect> Final(string caseId, JudgmentRecorded j, LocalDate finalOn, IEvent e, string? correlationId)
    {
        if (j.Effect is { } effect)
            yield return CarryEffect.Of(caseId, new CarryRemedyDecision(RemedyKind.Litigation, j.LitigationId, effect, j.NewPenalties,
                $"Judgment of {j.JudgedOn:yyyy-MM-dd} ({j.Outcome}), final on {finalOn:yyyy-MM-dd}", finalOn), $"effect:{e.Id}:decision", correlationId);
        yield return CarryEffect.Of(caseId, new EndRemedy(RemedyKind.Litigation, j.LitigationId, finalOn), $"effect:{e.Id}:end", correlationId);
    }
}
