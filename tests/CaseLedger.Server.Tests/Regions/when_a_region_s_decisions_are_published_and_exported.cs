using CaseLedger.Audit;
using CaseLedger.Hosting;
using CaseLedger.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CaseLedger.Server.Tests.Regions;

/// <summary>
/// A region's published decision is on the public list (公示; 行政处罚法 Art. 48) with the inclusion proof of its publication in
/// its region's log, verified against that region's signed checkpoint; and a region's case is exported from its region's log
/// (<c>caseledger export --case</c>, the console's download) and verifies offline.
/// </summary>
[Collection(RegionDutiesCollection.Name)]
public class when_a_region_s_decisions_are_published_and_exported(RegionsFixture server)
{
    [Fact]
    public async Task a_region_s_published_decision_is_listed_with_a_proof_against_its_region_s_checkpoint()
    {
        var west = await server.StaffAsyncIn(server.West);
        var caseId = await server.PublishedCaseAsync(west);
        await (await server.Client().PostAsync("/api/audit/checkpoints?region=west", null)).AssertOkAsync(201);

        var list = await (await server.Client(null).GetAsync("/public/publicity.json")).AssertOkAsync();
        var entry = list["decisions"]!.AsArray().Single(d => (string?)d!["caseId"] == caseId)!;
        Assert.Equal("west", (string?)entry["region"]);
        Assert.Equal(west.AgencyId, (string?)entry["agencyId"]);
        Assert.True((bool)entry["inclusion"]!["verified"]!);
        var westCheckpoint = list["regions"]!.AsArray().Single(r => (string?)r!["region"] == "west")!["checkpoint"]!;
        Assert.True((bool)westCheckpoint["signatureVerified"]!);
        Assert.Equal((string?)westCheckpoint["rootHash"], (string?)entry["inclusion"]!["rootHash"]);
    }

    [Fact]
    public async Task a_region_s_case_is_exported_from_its_region_s_log_and_verifies_offline()
    {
        var east = await server.StaffAsyncIn(server.East);
        var caseId = await server.FiledCaseAsync(east);
        var region = await server.App.Services.GetRequiredService<ReadSide>().RegionHoldingAsync(caseId, CancellationToken.None);
        Assert.Equal("east", region?.Id);

        var exports = await server.App.Services.GetRequiredService<RegionAudit>().ExportsAsync(region!);
        var export = await exports.BuildAsync(caseId);
        Assert.Equal(await RegionsFixture.EventsInAsync(server.EastDatabase, caseId), export["events"]!.AsArray().Count);
        var key = server.App.Services.GetRequiredService<CheckpointService>().Key.PublicKeyPem;
        var verified = ExportVerifier.Verify(ExportBuilder.Write(export), key);
        Assert.True(verified.Verified, string.Join("; ", verified.Problems));
    }
}
