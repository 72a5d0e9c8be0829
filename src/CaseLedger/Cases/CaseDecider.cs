using CaseLedger.Calendar;
using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Officers;
using CaseLedger.Domain.Penalty;
using Marten;
using NodaTime;

namespace CaseLedger.Cases;

/// <summary>
/// Penalty-case streams: loads the case, the officers the command names and the case's agency, and
/// lets the pure <see cref="PenaltyCase.Decide"/> rule on it.
/// </summary>
public sealed class CaseDecider(CalendarService calendar) : IStreamDecider
{
    public bool Handles(object command) => command is ICaseCommand;

    public async Task<PendingAppend> DecideAsync(RunCommand command, IDocumentSession session, Instant now, CancellationToken ct)
    {
        var caseCommand = (ICaseCommand)command.Command;

        // One round trip for the case, the officers it names and, for a new lead, its agency.
        var batch = session.CreateBatchQuery();
        var fetch = batch.Events.ForWriting<CaseFile>(command);
        // The actor is loaded with the officers the command names: a step it records alone needs its certificate (I1).
        var officersLoad = batch.NamedOfficers(session, caseCommand.NamedOfficers().Append(command.Actor.Id));
        var leadAgency = caseCommand is RegisterLead { AgencyId: { } leadAgencyId } ? batch.RegisterDocument<Agency>(session, leadAgencyId) : null;
        // A dispute between agencies over this case, agreed or ruled, binds the agencies it names (山东省行政执法监督条例 Art. 18).
        var disputesLoad = caseCommand is MakeDecision ? Disputes.DisputeDecider.Naming(batch, command.StreamId) : null;
        await batch.Execute(ct);
        var citesDiscretion = caseCommand is MakeDecision or DecideOnTheSpot;

        var stream = await fetch;
        var state = stream.Aggregate?.State;
        // The one policy (docs/access.md) on the agency the stored case belongs to, before anything the body says.
        var target = state?.AgencyId ?? (caseCommand as RegisterLead)?.AgencyId;
        if (Authorization.MayRecord(command.Actor, target is null ? null : [target], Authorization.CaseWriters, "steps on this case") is { } forbidden)
            return PendingAppend.Refused(forbidden);
        var officers = await officersLoad;
        // Only opening and filing read the agency (its domain, the policy in force on the filing date);
        // every later step uses what the case recorded then.
        var agency = leadAgency is not null ? await leadAgency
            : caseCommand is FileCase && state is not null ? await Register.LoadAsync<Agency>(session, state.AgencyId, ct)
            : null;

        if (disputesLoad is not null && state is not null && Disputes.DisputeDecider.Binding(await disputesLoad, state.AgencyId) is { } bound)
            return PendingAppend.Refused(bound);
        // A decision cites an item of the agency's discretion benchmark catalogue in force on its date (I8).
        var lists = citesDiscretion && state is not null ? await session.LoadAsync<PublishedLists>(PublishedLists.StreamId(state.AgencyId), ct) : null;
        var context = new CaseContext(now, command.Actor, command.StreamId, officers, agency, calendar.Current) { Lists = lists };
        var decision = PenaltyCase.Decide(caseCommand, state, context);
        return new PendingAppend(decision, stream.CurrentVersion ?? 0, stream.Appender())
        {
            ChainHead = stream.Aggregate is { } file && file.Version == stream.CurrentVersion ? file.ChainHash : null,
        };
    }
}
