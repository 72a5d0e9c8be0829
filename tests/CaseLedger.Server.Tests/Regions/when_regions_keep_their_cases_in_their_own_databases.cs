using CaseLedger.Server.Tests.Support;

namespace CaseLedger.Server.Tests.Regions;

/// <summary>
/// Issue #22 item 3: regions as Marten tenants, a database per region. A command runs in the database of the acting officer's
/// agency as the register has it: each region's database holds only its own cases, the deployment's own database the
/// register and no case, an officer of one region writes nothing into another, and a remedy never links across regions.
/// </summary>
public class when_regions_keep_their_cases_in_their_own_databases(RegionsFixture server) : IClassFixture<RegionsFixture>
{
    [Fact]
    public async Task each_region_s_database_holds_only_its_own_cases()
    {
        var east = await server.StaffAsyncIn(server.East);
        var west = await server.StaffAsyncIn(server.West);

        var eastCase = await server.FiledCaseAsync(east);
        var westCase = await server.FiledCaseAsync(west);

        Assert.True(await RegionsFixture.EventsInAsync(server.EastDatabase, eastCase) >= 2);
        Assert.Equal(0, await RegionsFixture.EventsInAsync(server.EastDatabase, westCase));
        Assert.True(await RegionsFixture.EventsInAsync(server.WestDatabase, westCase) >= 2);
        Assert.Equal(0, await RegionsFixture.EventsInAsync(server.WestDatabase, eastCase));
        // The register (agencies, officers) is one, in the deployment's own database; no case is there.
        Assert.Equal(0, await RegionsFixture.EventsInAsync(server.ConnectionString, eastCase));
        Assert.Equal(0, await RegionsFixture.EventsInAsync(server.ConnectionString, westCase));
        Assert.Equal(1, await RegionsFixture.EventsInAsync(server.ConnectionString, server.East));
        Assert.Equal(0, await RegionsFixture.EventsInAsync(server.EastDatabase, server.East));
    }

    [Fact]
    public async Task a_supervisor_whose_scope_spans_both_regions_sees_both_on_the_board_and_reads_each_case()
    {
        var east = await server.StaffAsyncIn(server.East);
        var west = await server.StaffAsyncIn(server.West);
        var eastCase = await server.FiledCaseAsync(east);
        var westCase = await server.FiledCaseAsync(west);
        // A supervisor of the province's office, an agency no region names (its staff and cases stay in the deployment's database).
        var office = await server.AgencyAsync();
        var (supervisor, token) = await server.OfficerAsync(office, roles: ["supervisor"], certified: false);
        await (await server.Client().PostJsonAsync($"/api/officers/{supervisor}/scope", new { agencies = new[] { east.AgencyId, west.AgencyId } })).AssertOkAsync();

        // A scope of several agencies lists one agency at a time (docs/access.md): each from its region's database.
        foreach (var (agency, own, other) in new[] { (east.AgencyId, eastCase, westCase), (west.AgencyId, westCase, eastCase) })
        {
            var rows = (await server.GetOkAsync($"/api/deadlines?status=overdue&agency={agency}&limit=1000", token))["deadlines"]!.AsArray()
                .Select(r => (string?)r!["caseId"]).ToList();
            Assert.Contains(own, rows);
            Assert.DoesNotContain(other, rows);
        }
        // A province-wide supervisor's board fans out over every region and merges them in the board's order.
        var (province, provinceToken) = await server.OfficerAsync(office, roles: ["supervisor"], certified: false);
        await (await server.Client().PostJsonAsync($"/api/officers/{province}/scope", new { agencies = new[] { "*" } })).AssertOkAsync();
        var all = (await server.GetOkAsync("/api/deadlines?status=overdue&limit=1000", provinceToken))["deadlines"]!.AsArray()
            .Select(r => (string?)r!["caseId"]).ToHashSet();
        Assert.Contains(eastCase, all);
        Assert.Contains(westCase, all);
        var queue = await server.GetOkAsync("/api/queues/legal-review?limit=10", provinceToken);
        Assert.NotNull(queue["cases"]);

        // Each case is read from its region's database, with its events and audit trail.
        Assert.Equal(east.AgencyId, (string?)(await server.GetOkAsync($"/api/cases/{eastCase}", token))["agencyId"]);
        Assert.Equal(west.AgencyId, (string?)(await server.GetOkAsync($"/api/cases/{westCase}", token))["agencyId"]);
        Assert.True((await server.GetOkAsync($"/api/cases/{westCase}/events", token))["events"]!.AsArray().Count >= 2);
        await server.GetOkAsync($"/api/cases/{eastCase}/audit-trail", token);

        // A supervisor whose scope is the east agency alone sees no west case.
        var (eastOnly, eastOnlyToken) = await server.OfficerAsync(office, roles: ["supervisor"], certified: false);
        await (await server.Client().PostJsonAsync($"/api/officers/{eastOnly}/scope", new { agencies = new[] { east.AgencyId } })).AssertOkAsync();
        var narrow = (await server.GetOkAsync("/api/deadlines?status=overdue&limit=1000", eastOnlyToken))["deadlines"]!.AsArray().Select(r => (string?)r!["caseId"]).ToList();
        Assert.Contains(eastCase, narrow);
        Assert.DoesNotContain(westCase, narrow);
        await (await server.Client(eastOnlyToken).GetAsync($"/api/cases/{westCase}")).AssertProblemAsync(403, "forbidden");
    }

    [Fact]
    public async Task an_officer_of_one_region_writes_nothing_into_another()
    {
        var east = await server.StaffAsyncIn(server.East);
        var west = await server.StaffAsyncIn(server.West);
        var eastCase = await server.LeadAsync(east);
        var (eastBefore, westBefore) = (await RegionsFixture.AllEventsInAsync(server.EastDatabase), await RegionsFixture.AllEventsInAsync(server.WestDatabase));

        // A lead for the east agency registered by a west officer: not their agency.
        var westToken = west.TokenOf(west.Investigator1);
        await (await server.Client(westToken).PostJsonAsync("/api/cases", new
        {
            agencyId = east.AgencyId,
            procedure = "general",
            party = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
            violation = new { description = "销售过期食品", actEndedOn = CaseDates.ActEnded, continuing = false, category = "ordinary", harmCaused = false },
            source = "complaint hotline 12315",
            discoveredOn = CaseDates.Discovered,
            officers = west.Investigators,
        })).AssertProblemAsync(403, "forbidden");
        // A step on the east case by a west officer, who names it by its id: west's database has no such case.
        var refused = await server.CommandAsync(eastCase, "collect-evidence",
            new { kind = "inspection-record", description = "现场检查笔录", officers = west.Investigators, collectedOn = "2025-01-09", mediaSha256 = CaseScenarios.Hash }, westToken);
        Assert.Equal(404, (int)refused.StatusCode);

        Assert.Equal(eastBefore, await RegionsFixture.AllEventsInAsync(server.EastDatabase));
        Assert.Equal(westBefore, await RegionsFixture.AllEventsInAsync(server.WestDatabase));
    }

    [Fact]
    public async Task a_reconsideration_of_a_case_in_another_region_is_refused_as_a_cross_region_link()
    {
        var east = await server.StaffAsyncIn(server.East);
        var eastCase = await server.LeadAsync(east);
        var body = await server.AgencyAsync(agencyId: server.WestBody);
        var staff = await server.OfficerAsync(body, roles: ["agency-head", "reconsideration-staff"], qualified: true, certified: false);
        var westBefore = await RegionsFixture.AllEventsInAsync(server.WestDatabase);

        await (await server.Client(staff.Token).PostJsonAsync("/api/reconsiderations", new
        {
            caseId = eastCase,
            applicant = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
            knewOn = "2025-03-10",
            appliedOn = "2025-03-12",
            remedyNoticeGiven = false,
            body,
            request = "撤销行政处罚决定",
            receivedBy = new[] { staff.Id },
        })).AssertProblemAsync(422, "cross-region-link");
        Assert.Equal(westBefore, await RegionsFixture.AllEventsInAsync(server.WestDatabase));
    }
}

internal static class RegionScenarios
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<AgencyStaff>>> Staff = new();

    /// <summary>The staff of a region's agency, registered once per fixture.</summary>
    public static Task<AgencyStaff> StaffAsyncIn(this RegionsFixture server, string agencyId) =>
        Staff.GetOrAdd(agencyId, _ => new Lazy<Task<AgencyStaff>>(() => server.NewStaffAsync(agencyId: agencyId))).Value;
}
