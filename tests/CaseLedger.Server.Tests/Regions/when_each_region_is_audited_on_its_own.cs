using System.Text.Json.Nodes;
using CaseLedger.Server.Tests.Support;
using CaseLedger.Testing;
using Npgsql;

namespace CaseLedger.Server.Tests.Regions;

/// <summary>
/// Issue #22 item 3: each region's log has its own sequence, hash chains and signed checkpoints, verified on their own
/// (<c>?region=</c>), with the register's officers read from the deployment's database for the procedure's checks. A row a
/// superuser changes in one region's database is found by that region's audit, and by no other.
/// </summary>
public class when_each_region_is_audited_on_its_own(RegionsFixture server) : IClassFixture<RegionsFixture>
{
    [Fact]
    public async Task each_region_verifies_against_its_own_checkpoint_and_a_row_changed_in_one_is_found_by_its_audit()
    {
        // Within the cases' periods, so that a clean log reports nothing at all.
        server.On("2025-01-20");
        var east = await server.StaffAsyncIn(server.East);
        var west = await server.StaffAsyncIn(server.West);
        var eastCase = await server.FiledCaseAsync(east);
        var westCase = await server.FiledCaseAsync(west);

        var signed = await (await server.Client().PostAsync("/api/audit/checkpoints?region=west", null)).AssertOkAsync(201);
        Assert.Equal(await RegionsFixture.AllEventsInAsync(server.WestDatabase) - 1, (long)signed["treeSize"]!);
        await (await server.Client().PostAsync("/api/audit/checkpoints?region=east", null)).AssertOkAsync(201);
        Assert.Single((await server.GetOkAsync("/api/audit/checkpoints?region=west")).AsArray());
        // The deployment's own log has checkpoints of its own (the register's), none of a region's.
        Assert.DoesNotContain((await server.GetOkAsync("/api/audit/checkpoints")).AsArray(), c => (string?)c!["rootHash"] == (string?)signed["rootHash"]);

        var westReport = await server.GetOkAsync("/api/audit/verify?region=west");
        Assert.True((bool)westReport["clean"]!, westReport.ToJsonString());
        Assert.Contains(westReport["streams"]!.AsArray(), s => (string?)s!["stream"] == westCase);
        Assert.DoesNotContain(westReport["streams"]!.AsArray(), s => (string?)s!["stream"] == eastCase);
        Assert.True((bool)(await server.GetOkAsync("/api/audit/verify?region=east"))["clean"]!);

        // A superuser changes who recorded the west case's lead, past the append-only trigger.
        await using (var westDb = NpgsqlDataSource.Create(server.WestDatabase))
            Assert.Equal(1, await Superuser.ExecuteAsync(westDb, "update caseledger.mt_events set user_name = 'someone-else' where stream_id = $1 and version = 1", westCase));

        var tampered = await server.GetOkAsync("/api/audit/verify?region=west");
        Assert.False((bool)tampered["clean"]!);
        var findings = Findings(tampered, westCase);
        Assert.Contains(findings, f => (string?)f["kind"] == "chain-break");
        // One case is audited in the database that holds it, without naming the region.
        Assert.False((bool)(await server.GetOkAsync($"/api/audit/verify?caseId={westCase}"))["clean"]!);
        Assert.True((bool)(await server.GetOkAsync($"/api/audit/verify?caseId={eastCase}"))["clean"]!);
        Assert.True((bool)(await server.GetOkAsync("/api/audit/verify?region=east"))["clean"]!);
    }

    [Fact]
    public async Task a_region_the_deployment_does_not_have_is_not_found() =>
        await (await server.Client().GetAsync("/api/audit/verify?region=atlantis")).AssertProblemAsync(404, "not-found");

    private static List<JsonNode> Findings(JsonNode report, string stream) =>
        [.. report["streams"]!.AsArray().Where(s => (string?)s!["stream"] == stream).SelectMany(s => s!["findings"]!.AsArray()).Select(f => f!)];
}
