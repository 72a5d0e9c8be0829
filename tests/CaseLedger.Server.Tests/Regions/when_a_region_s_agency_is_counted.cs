using CaseLedger.Hosting;
using CaseLedger.Server.Tests.Support;
using NodaTime;

namespace CaseLedger.Server.Tests.Regions;

/// <summary>
/// An agency's figures and their trend come from the counters of its region's database (the triggers that keep them run in
/// every database): over the API, and as <c>caseledger figures</c> reads them (the CLI's store with CASELEDGER_REGIONS).
/// </summary>
[Collection(RegionDutiesCollection.Name)]
public class when_a_region_s_agency_is_counted(RegionsFixture server)
{
    [Fact]
    public async Task a_region_s_agency_figures_and_trend_count_its_cases_and_missed_deadlines()
    {
        var east = await server.StaffAsyncIn(server.East);
        var before = await server.GetOkAsync($"/api/agencies/{east.AgencyId}/figures");
        var caseId = await server.PreservedCaseAsync(east, on: "2026-03-02");
        // Due on 2026-03-11 (7 working days, Art. 56); swept on the first day after it.
        server.Clock.Reset(Instant.FromUtc(2026, 3, 12, 2, 0));
        await server.SweepAsync();
        Assert.Single(await server.EventsOfTypeAsync(caseId, "deadline_missed"));

        var after = await server.GetOkAsync($"/api/agencies/{east.AgencyId}/figures");
        Assert.Equal((int)before["cases"]! + 1, (int)after["cases"]!);
        Assert.Equal((int)before["deadlinesMissed"]! + 1, (int)after["deadlinesMissed"]!);
        Assert.Equal((int)before["casesWithMissedDeadlines"]! + 1, (int)after["casesWithMissedDeadlines"]!);
        var march = (await server.GetOkAsync($"/api/agencies/{east.AgencyId}/figures/trend?months=2"))["months"]!.AsArray()
            .Single(m => (string?)m!["month"] == "2026-03")!;
        Assert.True((int)march["casesFiled"]! >= 1);
        Assert.True((int)march["deadlinesMissed"]! >= 1);

        // As `caseledger figures` reads them: the bare store, told the regions.
        var settings = new CaseLedgerSettings(server.ConnectionString, server.Clock) { DeadlineSweepInterval = null, Regions = server.Regions };
        await using var store = await CaseLedgerStore.OpenAsync(settings);
        var figures = await store.Figures.ForAsync(east.AgencyId, SupervisionScenarios.Date("2026-03-12"), CancellationToken.None);
        Assert.Equal((int)after["cases"]!, figures.Cases);
        Assert.Equal((int)after["deadlinesMissed"]!, figures.DeadlinesMissed);
    }
}
