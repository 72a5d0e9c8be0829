using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using CaseLedger.Hosting;
using CaseLedger.Server.Tests.Support;
using CaseLedger.Testing;
using NodaTime;
using NodaTime.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace CaseLedger.Server.Tests.Faults;

/// <summary>
/// Issue #22: a primary with a synchronous standby (synchronous_commit on), CaseLedger on a multi-host connection string
/// (Target Session Attributes=read-write). Writers run; the primary is killed (SIGKILL) and the standby promoted, as Patroni
/// would. Every acknowledged command is on the new primary, each key sent again is recorded once, and the audit is clean.
/// </summary>
[Collection(KilledProcessesCollection.Name)]
public class when_the_primary_fails_over_to_its_standby(ITestOutputHelper output)
{
    private const int Writers = 4;

    [Fact]
    public async Task every_acknowledged_event_is_on_the_new_primary_and_the_audit_is_clean()
    {
        await using var primary = await LocalPostgres.StartAsync(TestPostgres.NewHome("primary"));
        await primary.CreateDatabaseAsync("caseledger");
        await using var standby = await Standby.CreateAsync(primary, "standby1");
        await Standby.MakeSynchronousAsync(primary, "standby1");
        var connection = new NpgsqlConnectionStringBuilder(primary.ConnectionString("caseledger"))
        {
            Host = $"127.0.0.1:{primary.Port},127.0.0.1:{standby.Port}",
            TargetSessionAttributes = "read-write",
            // A host found down is asked again after a second, not the default ten.
            HostRecheckSeconds = 1,
        }.ConnectionString;
        // Within every deadline of the cases it files, so that the audit has nothing to say but what concerns the log itself.
        await using var server = await ServerFixture.StartAsync(connection, new FakeClock(Instant.FromUtc(2025, 1, 20, 1, 30)), sweepInterval: null);

        var staff = await server.StaffAsync();
        var cases = await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => server.FiledCaseAsync(staff)));
        var acknowledged = new ConcurrentDictionary<string, (string CaseId, long At)>();
        var failovers = new ConcurrentBag<string>();
        using var writing = new CancellationTokenSource();
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; !writing.IsCancellationRequested; i++)
            {
                var key = $"w{w}-{i}";
                // The same key until it is answered: an answer that never came may be sent again (README, Operating).
                while (true)
                {
                    try
                    {
                        using var response = await server.CommandAsync(cases[w], "collect-evidence", Evidence(staff, key), headers: ("Idempotency-Key", key));
                        if (response.IsSuccessStatusCode)
                        {
                            acknowledged[key] = (cases[w], Stopwatch.GetTimestamp());
                            break;
                        }
                        failovers.Add($"{(int)response.StatusCode} {(string?)(await response.JsonAsync())["code"]}");
                    }
                    catch (HttpRequestException e)
                    {
                        failovers.Add(e.Message);
                    }
                    await Task.Delay(50);
                }
            }
        })).ToList();

        await Eventually.UntilAsync(() => Task.FromResult(acknowledged.Count), n => n >= 40, "forty acknowledged commands");
        var pid = int.Parse(File.ReadLines(Path.Combine(primary.DataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        Process.GetProcessById(pid).Kill();
        var killedAt = Stopwatch.GetTimestamp();
        var beforeKill = acknowledged.Count;
        await Standby.PromoteAsync(standby);
        await Eventually.UntilAsync(() => Task.FromResult(acknowledged.Values.Count(a => a.At > killedAt)), n => n >= 40, "forty commands acknowledged after the failover");
        await writing.CancelAsync();
        await Task.WhenAll(writers);

        // The write outage: the longest pause between two acknowledgements (a commit may still be answered in the moment after the kill).
        var times = acknowledged.Values.Select(a => a.At).Order().ToList();
        var outage = times.Zip(times.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b)).Max();
        output.WriteLine($"write outage: {outage.TotalSeconds:0.00} s without an acknowledged command around the primary's kill and the standby's promotion; " +
            $"{beforeKill} acknowledged before the kill, {acknowledged.Count} in all; answers meanwhile: {string.Join(", ", failovers.GroupBy(f => f).Select(g => $"{g.Key} ×{g.Count()}"))}");

        // Every acknowledged command is on the promoted standby, once.
        foreach (var caseId in cases)
        {
            var events = (await server.GetOkAsync($"/api/cases/{caseId}/events"))["events"]!.AsArray()
                .Where(e => (string?)e!["type"] == "evidence_collected").Select(e => (string)e!["data"]!["description"]!).ToList();
            var mine = acknowledged.Where(a => a.Value.CaseId == caseId).Select(a => a.Key).ToList();
            Assert.All(mine, key => Assert.Contains(key, events));
            Assert.Equal(events.Distinct().Count(), events.Count);
        }
        Assert.Empty(await server.AuditBothWaysAsync());
    }

    private static object Evidence(AgencyStaff staff, string description) =>
        new { kind = "inspection-record", description, officers = staff.Investigators, collectedOn = "2025-01-09", mediaSha256 = CaseScenarios.Hash };
}
