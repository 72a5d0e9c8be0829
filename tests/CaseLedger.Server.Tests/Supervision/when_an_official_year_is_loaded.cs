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
        // A linked proceeding's deadlines are computed again from its file, as a case's from its case file.
        var petition = (string)(await (await server.Client(staff.TokenOf(staff.Investigator1)).PostJsonAsync("/api/petitions", new
        {
            caseId,
            petitioner = new { kind = "citizen", name = "王某", idNumber = "370102199001011234" },
            subject = "反映罚款决定不公",
            lodgedOn = "2026-12-28",
            staff = new[] { staff.Investigator1 },
        })).AssertOkAsync(201))["petitionId"]!;
        Assert.Contains(await server.ProceedingRowsAsync(staff.AgencyId, petition, "open"), r => (bool)r["provisional"]!);

        await (await server.Client().PostRawAsync("/api/calendar/years", Official2027)).AssertOkAsync();

        var official = await server.BoardRowAsync(staff, caseId, "open", "defence");
        Assert.False((bool)official!["provisional"]!);
        Assert.Equal("2027-01-05", (string?)official["end"]);
        var petitionRows = await server.ProceedingRowsAsync(staff.AgencyId, petition, "open");
        Assert.NotEmpty(petitionRows);
        Assert.DoesNotContain(petitionRows, r => (bool)r["provisional"]!);
        Assert.Equal(0, (await server.SweepAsync()).Refreshed);
    }
}
