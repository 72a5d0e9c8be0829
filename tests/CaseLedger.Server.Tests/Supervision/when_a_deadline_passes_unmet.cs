using CaseLedger.Server.Tests.Support;
using CaseLedger.Supervision;
using CaseLedger.Testing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace CaseLedger.Server.Tests.Supervision;

/// <summary>
/// DeadlineMissed: recorded by the system on the first day after the end (Asia/Shanghai), once, also
/// when two sweeps race and when the server was down at the due moment. A party's unused right lapses.
/// </summary>
[Collection(SupervisionCollection.Name)]
public class when_a_deadline_passes_unmet(ServerFixture server)
{
    // Preserved on Monday 2026-03-02: the handling decision is due in 7 working days, on 2026-03-11,
    // whose last moment in Shanghai is 2026-03-11T15:59:59Z.
    private static readonly Instant LastMomentOfPreservation = Instant.FromUtc(2026, 3, 11, 15, 59, 59);

    [Fact]
    public async Task the_preservation_decision_of_art_56_is_recorded_missed_once_on_the_first_day_after_it()
    {
        var staff = await server.NewStaffAsync();
        var caseId = await server.PreservedCaseAsync(staff, on: "2026-03-02");
        var notified = await server.ConcludedCaseAsync(staff, 5_000m, on: "2026-03-02");
        await server.NoticeAsync(staff, notified, 5_000m, on: "2026-03-02");
        var due = await server.BoardRowAsync(staff, caseId, "open", "preservation-decision");
        Assert.Equal(("2026-03-11", "行政处罚法 Art. 56", "agency"), ((string?)due!["end"], (string?)due["rule"], (string?)due["owner"]));

        server.Clock.Reset(LastMomentOfPreservation);
        await server.SweepAsync();
        Assert.Empty(await server.EventsOfTypeAsync(caseId, "deadline_missed"));
        Assert.Equal(0, (int)(await server.BoardRowAsync(staff, caseId, "due-soon", "preservation-decision"))!["daysLeft"]!);

        server.Clock.Reset(LastMomentOfPreservation + Duration.FromSeconds(1));
        await server.SweepAsync();
        await server.SweepAsync();

        var missed = Assert.Single(await server.EventsOfTypeAsync(caseId, "deadline_missed"));
        Assert.Equal("system", (string?)missed["actor"]);
        Assert.Equal("2026-03-11T16:00:00Z", (string?)missed["timestamp"]);
        Assert.StartsWith("preservation-decision:", (string?)missed["data"]!["deadlineKey"], StringComparison.Ordinal);
        Assert.Equal("2026-03-11", (string?)missed["data"]!["dueOn"]);
        Assert.Equal("2026-03-12", (string?)missed["data"]!["missedOn"]);

        var overdue = await server.BoardRowAsync(staff, caseId, "overdue", "preservation-decision");
        Assert.True((bool)overdue!["missedRecorded"]!);
        Assert.Equal("missed", (string?)overdue["status"]);
        Assert.Equal(-1, (int)overdue["daysLeft"]!);
        Assert.Null(await server.BoardRowAsync(staff, caseId, "open", "preservation-decision"));
        Assert.NotNull(await server.BoardRowAsync(staff, caseId, "open", "decision"));

        // The party's defence period (Art. 45) ended on 2026-03-09 unused: it lapsed, nobody missed it.
        Assert.Empty(await server.EventsOfTypeAsync(notified, "deadline_missed"));
        Assert.Equal("party", (string?)(await server.BoardRowAsync(staff, notified, "lapsed", "defence"))!["owner"]);
        Assert.Null(await server.BoardRowAsync(staff, notified, "overdue", "defence"));

        var trail = await server.GetOkAsync($"/api/cases/{caseId}/audit-trail");
        Assert.Equal("deadline_missed", (string?)trail["steps"]!.AsArray()[^1]!["type"]);
        var figures = await server.GetOkAsync($"/api/agencies/{staff.AgencyId}/figures");
        Assert.Equal(1, (int)figures["deadlinesMissed"]!);
    }

    [Fact]
    public async Task two_sweeps_racing_record_it_once()
    {
        var staff = await server.NewStaffAsync();
        var caseId = await server.PreservedCaseAsync(staff, on: "2026-03-11");
        server.On("2026-03-23");

        var first = ActivatorUtilities.CreateInstance<DeadlineSweep>(server.App.Services);
        var second = ActivatorUtilities.CreateInstance<DeadlineSweep>(server.App.Services);
        await Task.WhenAll(first.SweepAsync(), second.SweepAsync(), server.SweepAsync());

        Assert.Single(await server.EventsOfTypeAsync(caseId, "deadline_missed"));
    }

    [Fact]
    public async Task a_system_command_is_never_offered_over_http()
    {
        var staff = await server.NewStaffAsync();
        var caseId = await server.PreservedCaseAsync(staff, on: "2026-03-02");
        await (await server.CommandAsync(caseId, "record-missed-deadlines", new { })).AssertProblemAsync(404, "not-found");
    }
}

public class when_the_server_was_down_when_a_deadline_passed
{
    [Fact]
    public async Task the_next_start_records_it_with_the_day_it_was_missed()
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 3, 2, 1, 30));
        var connection = await TestPostgres.NewDatabaseAsync("downtime");
        string caseId;
        await using (var before = await ServerFixture.StartAsync(connection, clock, TimeSpan.FromHours(1)))
        {
            var staff = await before.NewStaffAsync();
            caseId = await before.PreservedCaseAsync(staff, on: "2026-03-02");
        }

        clock.Reset(Instant.FromUtc(2026, 3, 16, 2, 0));
        await using var after = await ServerFixture.StartAsync(connection, clock, TimeSpan.FromHours(1));
        var missed = await Eventually(async () => await after.EventsOfTypeAsync(caseId, "deadline_missed") is { Count: > 0 } found ? found : null);

        var preservation = Assert.Single(missed);
        Assert.Equal("2026-03-12", (string?)preservation["data"]!["missedOn"]);
        Assert.Equal("2026-03-16T02:00:00Z", (string?)preservation["timestamp"]);
        await after.SweepAsync();
        Assert.Single(await after.EventsOfTypeAsync(caseId, "deadline_missed"));
    }

    private static async Task<T> Eventually<T>(Func<Task<T?>> probe) where T : class
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (await probe() is { } found) return found;
            await Task.Delay(100);
        }
        throw new TimeoutException("The condition did not hold within 30 seconds.");
    }
}
