using System.Text.Json.Nodes;
using CaseLedger.Audit;
using CaseLedger.Server.Tests.Support;
using CaseLedger.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CaseLedger.Server.Tests.Register;

/// <summary>
/// The published lists over HTTP (山东省行政执法监督条例 Arts. 9, 12, 15; 行政处罚法 Art. 34): recorded by an administrator, read by
/// the public without signing in, cited by decisions (I8), and served to integrators as CloudEvents.
/// </summary>
public class when_publishing_the_lists_over_http(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string Item = "食品安全法 Art. 124 基准 3";

    private static object Catalogue(string effectiveFrom, params string[] items) => new
    {
        effectiveFrom,
        reference = "济市监法〔2024〕12号",
        items = items.Select(code => new
        {
            code,
            title = "经营不符合食品安全标准的食品",
            basis = "食品安全法 Art. 124",
            levels = new object[]
            {
                new { level = "lighter", description = "轻微", minFine = 0, maxFine = 5_000 },
                new { level = "ordinary", description = "一般情节", minFine = 5_000, maxFine = 100_000 },
            },
        }).ToArray(),
    };

    private async Task PublishAsync(string agencyId, params string[] items)
    {
        await (await server.Client().PostJsonAsync($"/api/agencies/{agencyId}/announcement", new
        {
            confirmedBy = "济南市人民政府", reference = "济政字〔2021〕35号", basis = "食品安全法 Art. 6", announcedOn = "2021-07-01",
        })).AssertOkAsync();
        await (await server.Client().PostJsonAsync($"/api/agencies/{agencyId}/discretion-catalogue", Catalogue("2024-01-01", items))).AssertOkAsync();
        await (await server.Client().PostJsonAsync($"/api/agencies/{agencyId}/powers", new
        {
            effectiveFrom = "2024-01-01",
            reference = "济市监法〔2024〕13号",
            powers = new[] { new { code = "CF-124", name = "食品安全处罚", kind = "penalty", basis = "食品安全法 Art. 124", post = "执法稽查局", procedure = "一般程序" } },
        })).AssertOkAsync();
    }

    [Fact]
    public async Task the_public_reads_the_announced_bodies_benchmarks_and_powers_without_signing_in_arts_9_12_15()
    {
        var staff = await server.NewStaffAsync();
        await PublishAsync(staff.AgencyId, Item, "食品安全法 Art. 126 基准 1");
        using var anonymous = server.Client(null);
        var json = await (await anonymous.GetAsync("/public/lists.json")).AssertOkAsync();
        var agency = json["agencies"]!.AsArray().Single(a => (string?)a!["agencyId"] == staff.AgencyId)!;
        Assert.Equal("济南市人民政府", (string?)agency["announcement"]!["confirmedBy"]);
        Assert.Equal(1, (int)agency["discretionCatalogueInForce"]!);
        Assert.Equal(2, agency["discretionCatalogues"]![0]!["items"]!.AsArray().Count);
        Assert.Equal("CF-124", (string?)agency["powersLists"]![0]!["powers"]![0]!["code"]);
        var page = await anonymous.GetAsync("/public/lists");
        var html = System.Net.WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.True(page.IsSuccessStatusCode, html);
        Assert.Contains(Item, html, StringComparison.Ordinal);
        Assert.Contains("济政字〔2021〕35号", html, StringComparison.Ordinal);
        // The API answers the same lists to any signed-in reader.
        var lists = await (await server.Client(staff.TokenOf(staff.Investigator1)).GetAsync($"/api/agencies/{staff.AgencyId}/lists")).AssertOkAsync();
        Assert.Equal(1, (int)lists["catalogues"]![0]!["version"]!);
    }

    [Fact]
    public async Task a_decision_cites_an_item_of_the_catalogue_in_force_or_is_refused_art_12()
    {
        var staff = await server.NewStaffAsync();
        await PublishAsync(staff.AgencyId, "食品安全法 Art. 126 基准 1");
        var caseId = await server.NotifiedCaseAsync(staff, 50_000m);
        var decide = (object discretion) => new { outcome = "penalty", penalties = CaseScenarios.Fine(50_000m), discretion, decidedBy = staff.Head, decidedOn = "2025-02-10" };
        await server.AssertRefusedAsync(caseId, "decide", decide(CaseScenarios.Discretion), "discretion-item-unknown");
        await server.AssertRefusedAsync(caseId, "decide",
            decide(new { benchmarkItem = "食品安全法 Art. 126 基准 1", level = "lighter", reason = "首次违法" }), "discretion-out-of-range");

        // A new version adds the item from 2025-02-01: the decision of 2025-02-10 cites it, and the version is recorded.
        await (await server.Client().PostJsonAsync($"/api/agencies/{staff.AgencyId}/discretion-catalogue", Catalogue("2025-02-01", Item, "食品安全法 Art. 126 基准 1")))
            .AssertOkAsync();
        var decided = await server.OkAsync(caseId, "decide", decide(CaseScenarios.Discretion));
        Assert.Equal(2, (int)decided["events"]![0]!["data"]!["discretion"]!["catalogueVersion"]!);
    }

    [Fact]
    public async Task a_version_never_takes_effect_before_the_last_and_only_an_administrator_records_one()
    {
        var staff = await server.NewStaffAsync();
        await PublishAsync(staff.AgencyId, Item);
        await (await server.Client().PostJsonAsync($"/api/agencies/{staff.AgencyId}/discretion-catalogue", Catalogue("2023-06-01", Item)))
            .AssertProblemAsync(422, "date-out-of-order");
        await (await server.Client(staff.TokenOf(staff.Head)).PostJsonAsync($"/api/agencies/{staff.AgencyId}/discretion-catalogue", Catalogue("2025-06-01", Item)))
            .AssertProblemAsync(403, "forbidden");
        await (await server.Client().PostJsonAsync("/api/agencies/no-such-agency/discretion-catalogue", Catalogue("2025-06-01", Item)))
            .AssertProblemAsync(404, "not-found");
        await (await server.Client().PostJsonAsync($"/api/agencies/{staff.AgencyId}/discretion-catalogue", new { effectiveFrom = "2025-06-01", reference = "x", items = Array.Empty<object>() }))
            .AssertProblemAsync(400, "validation-failed");
    }

    [Fact]
    public async Task the_lists_reach_integrators_of_the_agency_as_cloud_events()
    {
        var (one, other) = (await server.NewStaffAsync(), await server.NewStaffAsync());
        var type = "caseledger.lists.discretion_catalogue_issued.v1";
        var (_, token) = await server.IntegratorAsync(one.AgencyId, [one.AgencyId], [type, "caseledger.lists.enforcement_body_announced.v1"]);
        var mark = await server.FeedMarkAsync();
        await PublishAsync(one.AgencyId, Item);
        await PublishAsync(other.AgencyId, Item);
        var events = await WaitForAsync(server.Client(token), mark, 2);
        Assert.Equal([$"lists:{one.AgencyId}", $"lists:{one.AgencyId}"], events.Select(e => (string)e["subject"]!));
        var catalogue = events.Single(e => (string?)e["type"] == type);
        Assert.Equal($"/agencies/{one.AgencyId}/lists", (string?)catalogue["source"]);
        Assert.Equal(1, (int)catalogue["data"]!["version"]!);
    }

    [Fact]
    public async Task the_audit_finds_a_published_item_rewritten_in_the_store_art_12()
    {
        var staff = await server.NewStaffAsync();
        await PublishAsync(staff.AgencyId, Item);
        var stream = $"lists:{staff.AgencyId}";
        Assert.Empty(await server.AuditBothWaysAsync(stream));

        // The lists the public reads changed behind the engine's back: the document no stored event gives.
        await SqlAsync("update mt_doc_publishedlists set data = jsonb_set(data, '{catalogues,0,items,0,code}', '\"内部标准 第1项\"') where id = $1", stream);
        Assert.Contains(await server.AuditBothWaysAsync(stream), f => f.Code == ReadModelCheck.Code);
        // The published item itself rewritten in its event: the chain breaks there.
        await SqlAsync("update mt_events set data = jsonb_set(data, '{items,0,code}', '\"内部标准 第1项\"') where stream_id = $1 and version = 2", stream);
        Assert.Contains(await server.AuditBothWaysAsync(stream), f => f.Code == "chain-hash-mismatch" && f.Version == 2);
    }

    private async Task SqlAsync(string sql, params object[] parameters)
    {
        var log = server.App.Services.GetRequiredService<StoredLog>();
        await Superuser.ExecuteAsync(server.App.Services.GetRequiredService<NpgsqlDataSource>(),
            sql.Replace("mt_events", log.Table("mt_events"), StringComparison.Ordinal)
                .Replace("mt_doc_publishedlists", log.Table("mt_doc_publishedlists"), StringComparison.Ordinal), parameters);
    }

    private static async Task<List<JsonNode>> WaitForAsync(HttpClient client, long after, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var (events, _) = await client.FeedToEndAsync(after);
            if (events.Count >= count || timeout.IsCancellationRequested) return events;
            await Task.Delay(100, timeout.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
