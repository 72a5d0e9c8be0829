using System.Text.Json.Nodes;
using CaseLedger.Hosting;
using CaseLedger.Subscriptions;
using NodaTime;

namespace CaseLedger.Server.Tests.Support;

/// <summary>A server that follows its store quickly and backs off on its (fake) clock: tests advance time, never wait it out.</summary>
public class IntegrationFixture : ServerFixture
{
    public static readonly IntegrationSettings Fast = new()
    {
        PollInterval = TimeSpan.FromMilliseconds(20),
        SettleTimeout = TimeSpan.FromMilliseconds(300),
        Heartbeat = TimeSpan.FromSeconds(1),
        MaxAttempts = 3,
        FirstBackoff = Duration.FromMinutes(1),
        RequestTimeout = TimeSpan.FromSeconds(5),
    };

    protected override CaseLedgerSettings Configure(CaseLedgerSettings settings) => settings with { Integrations = Fast };
}

/// <summary>Scenario builders for integrators: grants, filed cases, evidence, reading the whole feed.</summary>
public static class IntegrationScenarios
{
    public static string Penalty(string storedName) => $"caseledger.penalty.{storedName}.v1";

    /// <summary>An integrator (registered in <paramref name="homeAgency"/>) granted the agencies and types; returns its token.</summary>
    public static async Task<(string Id, string Token)> IntegratorAsync(this ServerFixture server, string homeAgency, string[] agencies, string[] eventTypes)
    {
        var integrator = await server.OfficerAsync(homeAgency, roles: ["integrator"], certified: false);
        await (await server.Client().PostJsonAsync($"/api/integrators/{integrator.Id}/grants", new { agencies, eventTypes })).AssertOkAsync();
        return integrator;
    }

    /// <summary>A lead filed as a case: two events.</summary>
    public static async Task<string> FiledCaseAsync(this ServerFixture server, AgencyStaff staff)
    {
        var caseId = await server.LeadAsync(staff);
        await server.OkAsync(caseId, "file", new { filedOn = "2025-01-08", approvedBy = staff.Head, officers = new[] { staff.Investigator1, staff.Investigator2 }, leadOfficer = staff.Investigator1 });
        return caseId;
    }

    public static Task<JsonNode> EvidenceAsync(this ServerFixture server, AgencyStaff staff, string caseId, int n) =>
        server.OkAsync(caseId, "collect-evidence", new
        {
            kind = "documentary",
            description = $"证据 {n}",
            officers = new[] { staff.Investigator1, staff.Investigator2 },
            collectedOn = "2025-01-09",
            mediaSha256 = CaseScenarios.Hash,
        });

    public static async Task<JsonNode> FeedPageAsync(this HttpClient client, long after, int limit = 100, string? region = null) =>
        await (await client.GetAsync($"/api/feed?after={after}&limit={limit}{(region is null ? "" : $"&region={region}")}")).AssertOkAsync();

    /// <summary>Pages from <paramref name="after"/> until a page comes back short; returns the events and the last cursor.</summary>
    public static async Task<(List<JsonNode> Events, long Next)> FeedToEndAsync(this HttpClient client, long after = 0, int limit = 100, string? region = null)
    {
        var events = new List<JsonNode>();
        while (true)
        {
            var page = await client.FeedPageAsync(after, limit, region);
            var batch = page["events"]!.AsArray().Select(e => e!).ToList();
            events.AddRange(batch);
            after = (long)page["next"]!;
            if (batch.Count < limit) return (events, after);
        }
    }

    /// <summary>The feed's safe high-water mark now: a subscription made "after" it sees only what a test writes next.</summary>
    public static async Task<long> FeedMarkAsync(this ServerFixture server) => (long)(await server.Client().FeedPageAsync(0, 1))["highWaterMark"]!;

    public static long Sequence(this JsonNode cloudEvent) => long.Parse((string)cloudEvent["globalsequence"]!, System.Globalization.CultureInfo.InvariantCulture);
}

public static class SubscriptionScenarios
{
    public static async Task<string> SubscribeAsync(this ServerFixture server, Receiver receiver, object? filter = null, string? token = ServerFixture.AdminToken)
    {
        var body = new JsonObject { ["url"] = receiver.Url.ToString(), ["secret"] = Receiver.Secret };
        if (filter is not null)
            foreach (var (name, value) in System.Text.Json.JsonSerializer.SerializeToNode(filter, CaseLedger.Json.CaseLedgerJson.Responses)!.AsObject())
                body[name] = value?.DeepClone();
        var answer = await (await server.Client(token).PostJsonAsync("/api/subscriptions", body)).AssertOkAsync(201);
        return (string)answer["id"]!;
    }

    public static async Task<JsonNode> SubscriptionAsync(this ServerFixture server, string id, string? token = ServerFixture.AdminToken) =>
        await (await server.Client(token).GetAsync($"/api/subscriptions/{id}")).AssertOkAsync();

    /// <summary>Waits until the subscription's state satisfies <paramref name="condition"/>.</summary>
    public static Task<JsonNode> SubscriptionUntilAsync(this ServerFixture server, string id, Func<JsonNode, bool> condition, string what) =>
        Eventually.UntilAsync(() => server.SubscriptionAsync(id), condition, what);

    public static async Task<List<string>> EventIdsAsync(this ServerFixture server, string caseId) =>
        [.. (await (await server.Client().GetAsync($"/api/cases/{caseId}/events")).AssertOkAsync())["events"]!.AsArray().Select(e => (string)e!["id"]!)];

    /// <summary>For each case, the first receipt of each event in arrival order equals the case's events in order.</summary>
    public static async Task AssertEveryEventInCaseOrderAsync(this ServerFixture server, IReadOnlyList<Received> received, IEnumerable<string> cases)
    {
        foreach (var caseId in cases)
        {
            var firstReceipts = received.Where(r => r.Subject == caseId).Select(r => r.Id).Distinct().ToList();
            Assert.Equal(await server.EventIdsAsync(caseId), firstReceipts);
        }
    }
}
