using CaseLedger.Commands;
using Marten;
using Microsoft.Extensions.Hosting;

namespace CaseLedger.Calendar;

/// <summary>At start, adds the official years loaded through the API to the embedded ones.</summary>
public sealed class CalendarLoader(IDocumentStore store, CalendarService calendar) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => LoadAsync(store, calendar, cancellationToken);

    /// <summary>Adds the years loaded through the API to <paramref name="calendar"/>, in the order they were loaded.</summary>
    public static async Task LoadAsync(IDocumentStore store, CalendarService calendar, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(StreamKeys.HolidayCalendar, token: ct);
        calendar.LoadAll(events.Select(e => e.Data).OfType<OfficialCalendarLoaded>().Select(e => e.Year));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
