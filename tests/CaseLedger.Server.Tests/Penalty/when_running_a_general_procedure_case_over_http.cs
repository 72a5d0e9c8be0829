using CaseLedger.Server.Tests.Support;
using Marten;

namespace CaseLedger.Server.Tests.Penalty;

public class when_running_a_general_procedure_case_over_http(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task worked_example_a_hearing_request_on_the_sixth_working_day_is_late_art_64()
    {
        var staff = await server.StaffAsync();
        // 50,000 yuan on an organisation is below 100,000: raise it above the threshold so the right is stated.
        var caseId = await server.NotifiedCaseAsync(staff, fine: 150_000m, noticeOn: "2025-01-24");

        var summary = await (await server.Client().GetAsync($"/api/cases/{caseId}")).AssertOkAsync();
        var hearingRequest = summary["deadlines"]!.AsArray().Single(d => (string?)d!["key"] == "hearing-request")!;
        Assert.Equal("2025-02-07", (string?)hearingRequest["end"]);

        var late = await server.CommandAsync(caseId, "request-hearing", new { requestedOn = "2025-02-08" });
        await late.AssertProblemAsync(422, "hearing-request-late");

        await using var session = server.Store.QuerySession();
        var before = (await session.Events.FetchStreamStateAsync(caseId))!.Version;
        var onTime = await server.OkAsync(caseId, "request-hearing", new { requestedOn = "2025-02-07" });
        Assert.Equal(before + 1, (long)onTime["version"]!);
    }

    [Fact]
    public async Task a_refused_command_appends_nothing()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.NotifiedCaseAsync(staff, fine: 150_000m);
        await using var session = server.Store.QuerySession();
        var before = (await session.Events.FetchStreamStateAsync(caseId))!.Version;

        var refused = await server.CommandAsync(caseId, "decide", new
        {
            outcome = "penalty",
            penalties = new[] { new { kind = "fine", amount = 150_000m } },
            discretion = new { benchmarkItem = "b", level = "l", reason = "r" },
            decidedBy = staff.Head,
            decidedOn = "2025-01-27",
        });
        await refused.AssertProblemAsync(422, "defence-period-open");
        Assert.Equal(before, (await session.Events.FetchStreamStateAsync(caseId))!.Version);
    }
}
