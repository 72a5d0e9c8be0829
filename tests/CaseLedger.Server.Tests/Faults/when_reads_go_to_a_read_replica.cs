using System.Text.Json.Nodes;
using CaseLedger.Hosting;
using CaseLedger.Server.Tests.Support;
using CaseLedger.Testing;
using NodaTime;
using NodaTime.Testing;
using Npgsql;

namespace CaseLedger.Server.Tests.Faults;

/// <summary>
/// Issue #22 item 2: the read side on a streaming replica (CASELEDGER_DB_READ). The replica's replay is paused, as a replica
/// that lags: the board, read from the replica, does not yet show a case filed meanwhile, while a case read right after its
/// command shows that command (read-your-writes), and /health reports the lag. Replay resumed, the board catches up.
/// </summary>
[Collection(KilledProcessesCollection.Name)]
public class when_reads_go_to_a_read_replica
{
    [Fact]
    public async Task the_board_lags_with_the_replica_and_a_case_read_after_its_command_shows_it()
    {
        await using var primary = await LocalPostgres.StartAsync(TestPostgres.NewHome("primary"));
        await primary.CreateDatabaseAsync("caseledger");
        await using var replica = await Standby.CreateAsync(primary, "replica1");
        // As in production: every host, the standby preferred (the primary answers reads while no standby does).
        var read = new NpgsqlConnectionStringBuilder(replica.ConnectionString("caseledger"))
        {
            Host = $"127.0.0.1:{replica.Port},127.0.0.1:{primary.Port}",
            TargetSessionAttributes = "prefer-standby",
        }.ConnectionString;
        await using var server = await ServerFixture.StartAsync(primary.ConnectionString("caseledger"), new FakeClock(Instant.FromUtc(2025, 1, 20, 1, 30)),
            sweepInterval: null, readConnection: read);

        var staff = await server.StaffAsync();
        var first = await server.FiledCaseAsync(staff);
        await CaughtUpAsync(server);
        Assert.NotEmpty(await server.BoardAsync(staff, first, "open"));

        await ReplayAsync(replica, pause: true);
        var second = await server.FiledCaseAsync(staff);
        var answer = await server.OkAsync(first, "collect-evidence",
            new { kind = "inspection-record", description = "复制延迟时的笔录", officers = staff.Investigators, collectedOn = "2025-01-09", mediaSha256 = CaseScenarios.Hash });

        // Read-your-writes: the case read right after the command is the primary's as the command left it.
        var summary = await server.SummaryAsync(first);
        Assert.Equal((long)answer["version"]!, (long)summary["version"]!);
        var events = (await server.GetOkAsync($"/api/cases/{first}/events"))["events"]!.AsArray();
        Assert.Contains(events, e => (string?)e!["data"]?["description"] == "复制延迟时的笔录");
        Assert.Equal((long)answer["version"]!, (long)(await server.GetOkAsync($"/api/cases/{first}/state?version={(long)answer["version"]!}"))["version"]!);

        // The board is the replica's: the case filed while its replay is paused is not on it yet, and the lag is reported.
        Assert.Empty(await server.BoardAsync(staff, second, "open"));
        var lagging = (await (await server.Client(null).GetAsync("/health")).AssertOkAsync())["readReplica"]!;
        Assert.Equal("standby", (string?)lagging["state"]);
        Assert.True((long)lagging["lagBytes"]! > 0, lagging.ToJsonString());

        await ReplayAsync(replica, pause: false);
        await CaughtUpAsync(server);
        Assert.NotEmpty(await server.BoardAsync(staff, second, "open"));
    }

    private static async Task ReplayAsync(LocalPostgres replica, bool pause)
    {
        await using var data = NpgsqlDataSource.Create(replica.ConnectionString("postgres"));
        await using (var command = data.CreateCommand(pause ? "select pg_wal_replay_pause()" : "select pg_wal_replay_resume()"))
            await command.ExecuteNonQueryAsync();
        // A pause is requested, then taken where replay stands.
        await Eventually.UntilAsync(async () =>
        {
            await using var state = data.CreateCommand("select pg_get_wal_replay_pause_state()");
            return (string?)await state.ExecuteScalarAsync();
        }, state => state == (pause ? "paused" : "not paused"), pause ? "the replica's replay to pause" : "the replica's replay to resume");
    }

    private static Task CaughtUpAsync(ServerFixture server) =>
        Eventually.UntilAsync(async () => (await (await server.Client(null).GetAsync("/health")).AssertOkAsync())["readReplica"]!,
            (JsonNode lag) => (long?)lag["lagBytes"] == 0, "the replica to replay all the primary wrote");
}
