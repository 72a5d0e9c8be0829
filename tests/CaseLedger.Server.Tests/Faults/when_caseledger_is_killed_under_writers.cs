using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CaseLedger.Cli;
using CaseLedger.Server.Tests.Support;
using CaseLedger.Testing;
using Marten;
using Npgsql;

namespace CaseLedger.Server.Tests.Faults;

/// <summary>
/// Issue #20: <c>caseledger serve</c> (the built CLI, a child process) is killed with SIGKILL while eight writers register
/// officers, each request with its own Idempotency-Key; started again on the same database, every acknowledged registration
/// is there with its read model, and every request sent again with its key is recorded once.
/// </summary>
[Collection(KilledProcessesCollection.Name)]
public class when_caseledger_is_killed_under_writers
{
    private const int Writers = 8;

    [Fact]
    public async Task every_acknowledged_event_is_kept_and_each_key_sent_again_appends_once()
    {
        var connection = await TestPostgres.NewDatabaseAsync("killed");
        var home = TestPostgres.NewHome("killed");
        var agency = $"killed-{Guid.NewGuid():N}"[..16];
        var acknowledged = new ConcurrentDictionary<string, bool>();
        var sent = new ConcurrentDictionary<string, bool>();

        await using (var first = await ServeAsync(connection, home))
        {
            using var client = Client(first.Url);
            await (await client.PostJsonAsync("/api/agencies", Agency(agency))).AssertOkAsync(201);
            using var writing = new CancellationTokenSource();
            var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
            {
                for (var i = 0; !writing.IsCancellationRequested; i++)
                {
                    var officer = $"w{w}-{i}";
                    sent[officer] = true;
                    try
                    {
                        using var response = await client.PostJsonAsync("/api/officers", Officer(officer, agency), ("Idempotency-Key", officer));
                        if (response.StatusCode == HttpStatusCode.Created) acknowledged[officer] = true;
                    }
                    catch (HttpRequestException)
                    {
                        return; // The server is gone.
                    }
                }
            })).ToList();
            await Eventually.UntilAsync(() => Task.FromResult(acknowledged.Count), n => n >= 40, "forty acknowledged registrations");
            await first.KillAsync();
            await writing.CancelAsync();
            await Task.WhenAll(writers);
        }

        await using var second = await ServeAsync(connection, home);
        using var again = Client(second.Url);
        foreach (var officer in acknowledged.Keys)
            await (await again.GetAsync($"/api/officers/{officer}")).AssertOkAsync();
        // Every request sent again with its key: answered, and recorded once, whether the first got through or not.
        foreach (var officer in sent.Keys)
            Assert.True((await again.PostJsonAsync("/api/officers", Officer(officer, agency), ("Idempotency-Key", officer))).IsSuccessStatusCode, officer);
        await using var data = NpgsqlDataSource.Create(connection);
        await using var count = data.CreateCommand(
            "select stream_id, count(*) from caseledger.mt_events where stream_id = any(@ids) group by stream_id");
        count.Parameters.AddWithValue("ids", sent.Keys.ToArray());
        var events = new Dictionary<string, long>();
        await using (var reader = await count.ExecuteReaderAsync())
            while (await reader.ReadAsync()) events[reader.GetString(0)] = reader.GetInt64(1);
        Assert.Equal(sent.Count, events.Count);
        Assert.All(events, e => Assert.Equal(1, e.Value));
        foreach (var officer in sent.Keys)
            await (await again.GetAsync($"/api/officers/{officer}")).AssertOkAsync();
    }

    private static object Agency(string id) => new
    {
        agencyId = id, name = "某局", level = "city", domain = "market-regulation",
        policy = new { hearingThresholds = new { citizen = 10000, organisation = 100000 }, legalReviewCatalogue = Array.Empty<string>(), fastTrack = false, restDayExtension = true },
    };

    private static object Officer(string id, string agency) =>
        new { officerId = id, name = "张某", agencyId = agency, roles = new[] { "enforcement-officer" }, legalProfessionalQualification = false };

    private static HttpClient Client(Uri url)
    {
        var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServerFixture.AdminToken);
        return client;
    }

    private static Task<ServedProcess> ServeAsync(string connection, string home) => ServedProcess.StartAsync(new Dictionary<string, string?>
    {
        ["CASELEDGER_DB"] = connection,
        ["CASELEDGER_HOME"] = home,
        ["CASELEDGER_ADMIN_TOKEN"] = ServerFixture.AdminToken,
    });
}
