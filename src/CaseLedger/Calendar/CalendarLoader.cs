using CaseLedger.Commands;
using Marten;
using Microsoft.Extensions.Hosting;

namespace CaseLedger.Calendar;

/// <summary>At start, adds the official years loaded through the API to the embedded ones.</summary>
public sealed class CalendarLoader(IDocumentStore store, CalendarService calendar) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(StreamKeys.HolidayCalendar, token: cancellationToken);
        calendar.LoadAll(events.Select(e => e.Data).OfType<OfficialCalendarLoaded>().Select(e => e.Year));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
