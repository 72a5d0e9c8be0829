using CaseLedger.Calendar;
using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Disputes;
using Marten;
using NodaTime;

namespace CaseLedger.Disputes;

/// <summary>
/// Dispute streams (执法争议协调裁决, 山东省行政执法监督条例 Art. 18): the raising agency's head refers it, the legal affairs office's
/// staff record the agreement and the government's ruling. <see cref="BindingAsync"/> is what the penalty case asks before a decision.
/// </summary>
public sealed class DisputeDecider(CalendarService calendar) : IStreamDecider
{
    public bool Handles(object command) => command is IDisputeCommand;

    public async Task<PendingAppend> DecideAsync(RunCommand command, IDocumentSession session, Instant now, CancellationToken ct)
    {
        var dc = (IDisputeCommand)command.Command;
        var raise = dc as RaiseDispute;
        var batch = session.CreateBatchQuery();
        var fetch = batch.Events.ForWriting<DisputeFile>(command);
        var officersLoad = batch.NamedOfficers(session, dc.NamedOfficers().Append(command.Actor.Id));
        var officeLoad = raise is { Office: { Length: > 0 } office } ? batch.RegisterDocument<Agency>(session, office) : null;
        var named = (raise?.Agencies ?? []).Where(a => !string.IsNullOrWhiteSpace(a)).Distinct().ToArray();
        await batch.Execute(ct);

        var stream = await fetch;
        if (stream.CurrentVersion > 0 && stream.Aggregate?.State is null)
            return PendingAppend.Refused(RefusalCodes.NotFound, $"'{command.StreamId}' is not a dispute.");
        var state = stream.Aggregate?.State;
        DisputeParties? parties = null;
        if (raise is not null && state is null)
        {
            var raiser = command.Actor.AgencyId is { } own ? await Register.LoadAsync<Agency>(session, own, ct) : null;
            var agencies = named.Length == 0 ? [] : await Register.LoadManyAsync<Agency>(session, named, ct);
            parties = new DisputeParties(officeLoad is null ? null : await officeLoad, [.. agencies, .. raiser is null ? [] : new[] { raiser }]);
        }
        // The raising agency's head refers it; the office's staff coordinate and record the agreement and the ruling.
        IReadOnlyCollection<string>? acting = raise is not null
            ? command.Actor.AgencyId is { } agency ? [agency] : null
            : state is { } s ? [s.Raising.Office] : null;
        var writers = raise is not null ? Dispute.RaiseWriters : Dispute.OfficeWriters;
        if (Authorization.MayRecord(command.Actor, acting, writers, "the steps of this dispute") is { } forbidden)
            return PendingAppend.Refused(forbidden);
        var context = new CaseContext(now, command.Actor, command.StreamId, await officersLoad, null, calendar.Current) { ActingAgencies = acting };
        return new PendingAppend(Dispute.Decide(dc, state, context, parties), stream.CurrentVersion ?? 0, stream.Appender());
    }

    /// <summary>Why <paramref name="agencyId"/> may not decide case <paramref name="caseId"/>: an agreement it signed or a ruling naming it (Art. 18).</summary>
    public static async Task<Refusal?> BindingAsync(IQuerySession session, string caseId, string agencyId, CancellationToken ct)
    {
        var disputes = await session.Query<DisputeFile>().Where(d => d.State!.Raising.CaseId == caseId).ToListAsync(ct);
        return disputes.Select(d => d.State is { } s ? Dispute.Binding(s, agencyId) : null).FirstOrDefault(r => r is not null);
    }
}
