using CaseLedger.Server.Tests.Support;
using NodaTime;

namespace CaseLedger.Server.Tests.Regions;

/// <summary>
/// The deadline sweep goes through every region's database: a region's case whose handling decision (行政处罚法 Art. 56) passed
/// unmet is recorded missed in that region's stream, shown on the board, and nothing of it is written into the deployment's own
/// database or another region's.
/// </summary>
[Collection(RegionDutiesCollection.Name)]
public class when_a_region_s_deadline_passes_unmet(RegionsFixture server)
{
    // Preserved on Monday 2026-03-02: the handling decision is due in 7 working days, on 2026-03-11 (Shanghai).
    private static readonly Instant LastMomentOfPreservation = Instant.FromUtc(2026, 3, 11, 15, 59, 59);

    [Fact]
    public async Task the_sweep_records_the_missed_preservation_decision_of_art_56_in_the_region_s_own_stream()
    {
        var west = await server.StaffAsyncIn(server.West);
        var caseId = await server.PreservedCaseAsync(west, on: "2026-03-02");

        server.Clock.Reset(LastMomentOfPreservation + Duration.FromSeconds(1));
        var swept = await server.SweepAsync();
        Assert.True(swept.Recorded >= 1);
        await server.SweepAsync();

        var missed = Assert.Single(await server.EventsOfTypeAsync(caseId, "deadline_missed"));
        Assert.Equal("system", (string?)missed["actor"]);
        Assert.Equal("2026-03-12", (string?)missed["data"]!["missedOn"]);
        Assert.Equal(1, await RegionsFixture.EventsOfTypeInAsync(server.WestDatabase, caseId, "deadline_missed"));
        var overdue = await server.BoardRowAsync(west, caseId, "overdue", "preservation-decision");
        Assert.True((bool)overdue!["missedRecorded"]!);
        Assert.Equal("missed", (string?)overdue["status"]);

        // Nothing of the west case in the deployment's own database or the east region's; the register records no missed deadline.
        Assert.Equal(0, await RegionsFixture.EventsInAsync(server.ConnectionString, caseId));
        Assert.Equal(0, await RegionsFixture.EventsInAsync(server.EastDatabase, caseId));
        Assert.Equal(0, await RegionsFixture.EventsOfTypeInAsync(server.ConnectionString, null, "deadline_missed"));
    }
}
