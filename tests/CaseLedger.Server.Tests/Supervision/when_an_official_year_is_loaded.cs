using CaseLedger.Server.Tests.Support;

namespace CaseLedger.Server.Tests.Supervision;

[Collection(SupervisionCollection.Name)]
public class when_an_official_year_is_loaded(ServerFixture server)
{
    private const string Official2027 = """
        {
          "year": 2027,
          "source": "test: an official 2027 calendar",
          "holidays": [
            { "name": "New Year", "from": "2027-01-01", "to": "2027-01-03" },
            { "name": "Spring Festival", "from": "2027-02-05", "to": "2027-02-11" }
          ],
          "workingWeekendDays": []
        }
        """;

    [Fact]
    public async Task the_board_recomputes_the_provisional_deadlines_that_fall_in_that_year()
    {
        var staff = await server.NewStaffAsync();
        var caseId = await server.ConcludedCaseAsync(staff, 5_000m, on: "2026-12-01");
        await server.NoticeAsync(staff, caseId, 5_000m, on: "2026-12-28");
        var provisional = await server.BoardRowAsync(staff, caseId, "open", "defence");
        Assert.True((bool)provisional!["provisional"]!);
        Assert.Equal("2027-01-05", (string?)provisional["end"]);

        await (await server.Client().PostRawAsync("/api/calendar/years", Official2027)).AssertOkAsync();

        var official = await server.BoardRowAsync(staff, caseId, "open", "defence");
        Assert.False((bool)official!["provisional"]!);
        Assert.Equal("2027-01-05", (string?)official["end"]);
        Assert.Equal(0, (await server.SweepAsync()).Refreshed);
    }
}
