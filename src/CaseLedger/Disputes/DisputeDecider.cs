using CaseLedger.Calendar;
using CaseLedger.Cases;
using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Disputes;
using Marten;
using Marten.Services.BatchQuerying;
using NodaTime;

namespace CaseLedger.Disputes;

/// <summary>
/// Dispute streams (执法争议协调裁决, 山东省行政执法监督条例 Art. 18): the raising agency's head refers it, the legal affairs office's
/// staff record the agreement and the government's ruling. <see cref="Binding"/> is what the penalty case asks before a decision.
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
        var caseLoad = raise is { CaseId: { Length: > 0 } caseId } && StreamKeys.IsCaseId(caseId) ? batch.Load<CaseFile>(caseId) : null;
        await batch.Execute(ct);

        var stream = await fetch;
        if (stream.CurrentVersion > 0 && stream.Aggregate?.State is null)
            return PendingAppend.Refused(RefusalCodes.NotFound, $"'{command.StreamId}' is not a dispute.");
        var state = stream.Aggregate?.State;
        var officers = await officersLoad;
        DisputeParties? parties = null;
        if (raise is not null && state is null)
        {
            var raisedBy = raise.RaisedBy is { } id && officers.TryGetValue(id, out var named) ? named.AgencyId : command.Actor.AgencyId;
            var agencyIds = (raise.Agencies ?? []).Append(raisedBy).OfType<string>().Where(a => a.Length > 0).Distinct().ToArray();
            var agencies = await Register.LoadManyAsync<Agency>(session, agencyIds, ct);
            parties = new DisputeParties(officeLoad is null ? null : await officeLoad, agencies,
                caseLoad is null ? null : (await caseLoad)?.State?.AgencyId);
        }
        // The raising agency's head refers it (the agency of the head it names, else the actor's); the office's staff coordinate and
        // record the agreement and the ruling.
        IReadOnlyCollection<string>? acting = raise is not null
            ? (raise.RaisedBy is { } head && officers.TryGetValue(head, out var raiser) ? raiser.AgencyId : command.Actor.AgencyId) is { } agency ? [agency] : null
            : state is { } s ? [s.Raising.Office] : null;
        var writers = raise is not null ? Dispute.RaiseWriters : Dispute.OfficeWriters;
        if (Authorization.MayRecord(command.Actor, acting, writers, "the steps of this dispute") is { } forbidden)
            return PendingAppend.Refused(forbidden);
        var context = new CaseContext(now, command.Actor, command.StreamId, officers, null, calendar.Current) { ActingAgencies = acting };
        return new PendingAppend(Dispute.Decide(dc, state, context, parties), stream.CurrentVersion ?? 0, stream.Appender());
    }

    /// <summary>The disputes naming case <paramref name="caseId"/>, in the penalty case's own batch (one round trip).</summary>
    public static Task<IReadOnlyList<DisputeFile>> Naming(IBatchedQuery batch, string caseId) =>
        batch.Query<DisputeFile>().Where(d => d.State!.Raising.CaseId == caseId).ToList();

    /// <summary>Why <paramref name="agencyId"/> may not decide the case the disputes name: an agreement it signed or a ruling naming it (Art. 18).</summary>
    public static Refusal? Binding(IEnumerable<DisputeFile> disputes, string agencyId) =>
        disputes.Select(d => d.State is { } s ? Dispute.Binding(s, agencyId) : null).FirstOrDefault(r => r is not null);
}
