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
        var stream = command.ExpectedVersion is { } expected
            ? await session.Events.FetchForWriting<CaseFile>(command.StreamId, expected, ct)
            : await session.Events.FetchForWriting<CaseFile>(command.StreamId, ct);
        var state = stream.Aggregate?.State;

        var officerIds = caseCommand.NamedOfficers().Where(id => !string.IsNullOrWhiteSpace(id)).Distinct().ToArray();
        var officers = officerIds.Length == 0
            ? []
            : (await session.LoadManyAsync<Officer>(ct, officerIds)).ToDictionary(o => o.Id);
        var agencyId = state?.AgencyId ?? (caseCommand as RegisterLead)?.AgencyId;
        var agency = agencyId is null ? null : await session.LoadAsync<Agency>(agencyId, ct);

        var context = new CaseContext(now, command.Actor, command.StreamId, officers, agency, calendar.Current);
        var decision = PenaltyCase.Decide(caseCommand, state, context);
        return new PendingAppend(decision, stream.CurrentVersion ?? 0, events =>
        {
            stream.AppendMany(events);
            return stream.Events;
        });
    }
}
