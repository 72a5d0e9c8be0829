using System.Diagnostics;
using System.Globalization;
using CaseLedger.Hosting;
using CaseLedger.Server.Tests.Support;
using CaseLedger.Testing;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;

namespace CaseLedger.Server.Tests.Faults;

/// <summary>
/// Issue #20: while the database cannot be reached every request answers 503 database-unavailable with Retry-After; a
/// killed embedded postmaster is started again by the supervisor and /health is 200 again without restarting CaseLedger.
/// Each test has a PostgreSQL of its own, so that stopping it touches no other test.
/// </summary>
public class when_the_database_is_unreachable
{
    [Fact]
    public async Task requests_answer_503_until_the_supervisor_has_started_a_killed_postmaster_again_within_30_seconds()
    {
        await using var postgres = await LocalPostgres.StartAsync(TestPostgres.NewHome("postmaster"));
        await using var app = await StartAsync(postgres);
        using var client = Client(app);
        await (await client.GetAsync("/health")).AssertOkAsync();

        var pid = int.Parse(File.ReadLines(Path.Combine(postgres.DataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        var killed = Stopwatch.StartNew();
        Process.GetProcessById(pid).Kill();
        await Process.GetProcessById(pid).WaitForExitAsync();

        // Not supervised yet: the outage lasts until the supervisor runs.
        foreach (var response in new[]
        {
            await client.GetAsync("/api/agencies/jinan-samr"),
            await client.PostJsonAsync("/api/cases", new { agencyId = "jinan-samr" }, ("Idempotency-Key", "lead-1")),
            await client.GetAsync("/api/feed?after=0"),
        })
        {
            await response.AssertProblemAsync(503, "database-unavailable");
            Assert.Equal("5", response.Headers.GetValues("Retry-After").Single());
        }
        Assert.Equal(503, (int)(await client.GetAsync("/health")).StatusCode);

        postgres.Supervise(interval: TimeSpan.FromMilliseconds(500));
        var statuses = new List<int>();
        while (killed.Elapsed < TimeSpan.FromSeconds(30))
        {
            var health = await client.GetAsync("/health");
            statuses.Add((int)health.StatusCode);
            if (health.IsSuccessStatusCode && postgres.Restarts > 0) break;
            await Task.Delay(200);
        }
        Assert.True(postgres.Restarts == 1 && statuses[^1] == 200, $"/health after {killed.Elapsed}: {string.Join(",", statuses)}");
        // And the API serves again, on the same CaseLedger process.
        await (await client.GetAsync("/api/feed?after=0")).AssertOkAsync();
        await app.StopAsync();
    }

    private static async Task<Microsoft.AspNetCore.Builder.WebApplication> StartAsync(LocalPostgres postgres)
    {
        await postgres.CreateDatabaseAsync("caseledger");
        var settings = new CaseLedgerSettings(postgres.ConnectionString("caseledger"), new FakeClock(Instant.FromUtc(2026, 3, 2, 0, 0)))
        {
            AdminToken = ServerFixture.AdminToken,
            CheckpointKeyPath = Path.Combine(TestPostgres.NewHome("keys"), "checkpoint-p256.pem"),
        };
        var app = CaseLedgerServer.Build(settings, "http://127.0.0.1:0", l => l.SetMinimumLevel(LogLevel.Critical));
        await app.StartAsync();
        await CaseLedgerServer.BootstrapAdministratorAsync(app, settings);
        return app;
    }

    private static HttpClient Client(Microsoft.AspNetCore.Builder.WebApplication app)
    {
        var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ServerFixture.AdminToken);
        return client;
    }
}
