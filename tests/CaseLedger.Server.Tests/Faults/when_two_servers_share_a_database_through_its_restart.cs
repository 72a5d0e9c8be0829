using System.Diagnostics;
using System.Globalization;
using CaseLedger.Cli;
using CaseLedger.Hosting;
using CaseLedger.Server.Tests.Support;
using CaseLedger.Subscriptions;
using CaseLedger.Testing;
using NodaTime;

namespace CaseLedger.Server.Tests.Faults;

/// <summary>
/// Issue #20: two <c>caseledger serve</c> processes on one database, whose postmaster is killed and started again in the middle.
/// Each background duty runs in one of them: webhooks are sent again at most one page per subscription, then never; a missed
/// deadline is recorded once. The processes run on the machine's clock, so the cases are dated in the past and their deadlines
/// pass at once; each process sweeps every two seconds. A PostgreSQL of its own, so that killing it touches no other test.
/// </summary>
[Collection(KilledProcessesCollection.Name)]
public class when_two_servers_share_a_database_through_its_restart
{
    [Fact]
    public async Task each_duty_runs_once_and_at_most_one_page_is_delivered_twice()
    {
        await using var postgres = await LocalPostgres.StartAsync(TestPostgres.NewHome("two-servers"));
        postgres.Supervise(interval: TimeSpan.FromMilliseconds(200));
        await postgres.CreateDatabaseAsync("caseledger");
        var key = Path.Combine(TestPostgres.NewHome("two-servers-key"), "checkpoint-p256.pem");
        Dictionary<string, string?> Environment() => new()
        {
            ["CASELEDGER_DB"] = postgres.ConnectionString("caseledger"),
            ["CASELEDGER_HOME"] = TestPostgres.NewHome("two-servers-node"),
            ["CASELEDGER_ADMIN_TOKEN"] = ServerFixture.AdminToken,
            // One deployment, one signing key (issue #19).
            ["CASELEDGER_CHECKPOINT_KEY"] = key,
            ["CASELEDGER_DEADLINE_SWEEP_SECONDS"] = "2",
        };
        await using var first = await ServedProcess.StartAsync(Environment());
        await using var second = await ServedProcess.StartAsync(Environment());
        var (a, b) = (ServerFixture.Over(first.Url), ServerFixture.Over(second.Url));
        await using var receiver = await Receiver.StartAsync(() => SystemClock.Instance.GetCurrentInstant().ToDateTimeOffset());

        var staff = await a.StaffAsync();
        // Each step of a back-dated case may meet the sweeper recording one of its passed deadlines (409): the case is begun again.
        var preserved = await Retried(() => a.PreservedCaseAsync(staff, on: "2026-03-02"));
        await a.SubscribeAsync(receiver, new { agencies = new[] { staff.AgencyId } });
        var caseIds = new List<string> { preserved };
        var before = await WriteAsync(a, b, staff, cases: 2, evidence: 30, caseIds);
        await receiver.UntilAsync(r => r.Select(x => x.Id).Distinct().Count() >= before, $"the {before} events written before the restart");

        // The database restarts (a crash, then PostgreSQL's recovery) while both processes run.
        var pid = int.Parse(File.ReadLines(Path.Combine(postgres.DataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        Process.GetProcessById(pid).Kill();
        await Eventually.UntilAsync(() => Task.FromResult(postgres.Restarts), restarts => restarts == 1, "the supervisor to start PostgreSQL again");
        var afterRestart = receiver.Received.Count;

        // A preservation whose deadline passes after the restart: swept by whichever process holds the duty then.
        var preservedAfter = await Retried(() => b.PreservedCaseAsync(staff, on: "2026-03-03"));
        caseIds.Add(preservedAfter);
        var after = await WriteAsync(b, a, staff, cases: 2, evidence: 20, caseIds);
        await receiver.UntilAsync(r => r.Select(x => x.Id).Distinct().Count() >= before + after, "every event, written before and after the restart");
        foreach (var swept in new[] { preserved, preservedAfter })
            await Eventually.UntilAsync(() => a.EventsOfTypeAsync(swept, "deadline_missed"), m => m.Count > 0, "the missed preservation deadline");

        Assert.False(first.HasExited || second.HasExited, "a CaseLedger process ended through the database's restart");
        var received = receiver.Received;
        var duplicates = received.Count - received.Select(r => r.Id).Distinct().Count();
        Assert.True(duplicates <= WebhookDispatcher.PageSize, $"{duplicates} deliveries sent twice");
        // Once the holder found its session gone, nothing is sent twice.
        var late = received.Skip(afterRestart).GroupBy(r => r.Id).Where(g => g.Count() > 1 && received.Take(afterRestart).All(r => r.Id != g.Key)).ToList();
        Assert.Empty(late);
        // One deployment, one key set (issue #19): every checkpoint, whichever process signed it, verifies with the published keys.
        // Each process signs one on demand, besides those of the signing duty.
        await (await b.Client().PostAsync("/api/audit/checkpoints", null)).AssertOkAsync(201);
        await WriteAsync(a, a, staff, cases: 1, evidence: 1, caseIds);
        await (await a.Client().PostAsync("/api/audit/checkpoints", null)).AssertOkAsync(201);
        var published = (await a.GetOkAsync("/api/audit/public-keys")).AsArray();
        Assert.Single(published);
        var audit = await a.GetOkAsync("/api/audit/verify");
        Assert.True((int)audit["checkpoints"]! >= 2, $"{audit["checkpoints"]} checkpoints signed");
        var integrity = audit["streams"]!.AsArray().SelectMany(st => st!["findings"]!.AsArray())
            .Where(f => !((string)f!["code"]!).StartsWith("deadline-missed", StringComparison.Ordinal)).Select(f => f!.ToJsonString()).ToList();
        Assert.Empty(integrity);
        foreach (var caseId in caseIds)
        {
            var keys = (await a.EventsOfTypeAsync(caseId, "deadline_missed")).Select(e => (string?)e["data"]!["deadlineKey"]).ToList();
            Assert.Equal(keys.Distinct().Count(), keys.Count);
        }
    }

    /// <summary>Files cases and collects evidence through both processes in turn; a 503 is sent again with the same Idempotency-Key.</summary>
    private static async Task<int> WriteAsync(ServerFixture first, ServerFixture second, AgencyStaff staff, int cases, int evidence, List<string> caseIds)
    {
        var written = 0;
        for (var c = 0; c < cases; c++)
        {
            var server = c % 2 == 0 ? first : second;
            var caseId = await Retried(() => server.FiledCaseAsync(staff));
            caseIds.Add(caseId);
            written += 2;
            for (var n = 0; n < evidence / cases; n++)
            {
                var key = ("Idempotency-Key", $"{caseId}-{n}");
                await Retried(async () => await (await (n % 2 == 0 ? first : second).CommandAsync(caseId, "collect-evidence", new
                {
                    kind = "documentary", description = $"证据 {n}", officers = staff.Investigators, collectedOn = "2025-01-09", mediaSha256 = CaseScenarios.Hash,
                }, headers: key)).AssertOkAsync());
                written++;
            }
        }
        return written;
    }

    private static async Task<T> Retried<T>(Func<Task<T>> attempt)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                return await attempt();
            }
            // 503: the database is away; 409: the sweeper recorded a missed deadline on the case meanwhile. Either appended nothing.
            catch (Xunit.Sdk.XunitException e) when (i < 50 && (e.Message.Contains("got 503", StringComparison.Ordinal) || e.Message.Contains("got 409", StringComparison.Ordinal)))
            {
                await Task.Delay(100);
            }
        }
    }
}
