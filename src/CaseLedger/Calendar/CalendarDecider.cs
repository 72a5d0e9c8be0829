using CaseLedger.Commands;
using CaseLedger.Domain;
using Marten;
using NodaTime;

namespace CaseLedger.Calendar;

/// <summary>The calendar stream: one event per loaded year, administrators only.</summary>
public sealed class CalendarDecider : IStreamDecider
{
    public bool Handles(object command) => command is LoadOfficialCalendar;

    public bool KeepsRegister => true;

    public async Task<PendingAppend> DecideAsync(RunCommand command, IDocumentSession session, Instant now, CancellationToken ct)
    {
        if (!command.Actor.Has(Role.Admin))
            return PendingAppend.Refused(RefusalCodes.Forbidden, "Only an administrator loads official holiday calendars.");
        var load = (LoadOfficialCalendar)command.Command;
        var state = await session.Events.FetchStreamStateAsync(command.StreamId, ct);
        var version = state?.Version ?? 0;
        var decision = Decision.Accept(new OfficialCalendarLoaded(load.Year, command.Actor.Id, now));
        return new PendingAppend(decision, version, events =>
        {
            var action = version == 0
                ? session.Events.StartStream(command.StreamId, events.ToArray())
                : session.Events.Append(command.StreamId, version + events.Count, events.ToArray());
            return action.Events;
        });
    }
}
