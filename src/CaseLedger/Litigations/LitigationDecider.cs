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
/// after the commit freezes the late fee while the suit runs and carries a lost judgment's effect onto the case.
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
        var officersLoad = batch.NamedOfficers(lc.NamedOfficers());
        var caseLoad = filing is { CaseId: { Length: > 0 } contestedId } ? batch.Load<CaseFile>(contestedId) : null;
        var reconsiderationLoad = filing is { ReconsiderationId: { Length: > 0 } rid } ? batch.Load<ReconsiderationFile>(rid) : null;
        await batch.Execute(ct);

        var stream = await fetch;
        if (stream.CurrentVersion > 0 && stream.Aggregate?.State is null)
            return PendingAppend.Refused(RefusalCodes.NotFound, $"'{command.StreamId}' is not a litigation.");
        var officers = await officersLoad;
        var contested = caseLoad is null ? null : (await caseLoad)?.State;
        var reconsideration = reconsiderationLoad is null ? null : (await reconsiderationLoad)?.State;

        var context = new CaseContext(now, command.Actor, command.StreamId, officers, null, calendar.Current);
        var decision = LitigationCase.Decide(lc, stream.Aggregate?.State, context, contested, reconsideration);
        var caseId = stream.Aggregate?.State?.CaseId ?? filing?.CaseId;
        return new PendingAppend(decision, stream.CurrentVersion ?? 0, stream.Appender(), Effects: appended => Effects(caseId!, appended, command.CorrelationId));
    }

    public static IEnumerable<CarryEffect> Effects(string caseId, IReadOnlyList<IEvent> appended, string? correlationId)
    {
        foreach (var e in appended)
        {
            switch (e.Data)
            {
                case LitigationFiled f:
                    yield return new CarryEffect(caseId, new StartRemedy(RemedyKind.Litigation, f.LitigationId, f.FiledOn), $"effect:{e.Id}:start", correlationId);
                    break;
                case JudgmentRecorded j:
                    if (j.Effect is { } effect)
                        yield return new CarryEffect(caseId, new CarryRemedyDecision(RemedyKind.Litigation, j.LitigationId, effect, j.NewPenalties,
                            $"Judgment of {j.JudgedOn:yyyy-MM-dd} ({j.Outcome})", j.ReceivedOn), $"effect:{e.Id}:decision", correlationId);
                    yield return new CarryEffect(caseId, new EndRemedy(RemedyKind.Litigation, j.LitigationId, j.JudgedOn), $"effect:{e.Id}:end", correlationId);
                    break;
            }
        }
    }
}
