using CaseLedger.Server.Tests.Support;

namespace CaseLedger.Server.Tests.Supervision;

[Collection(SupervisionCollection.Name)]
public class when_a_suspension_or_an_extension_is_recorded(ServerFixture server)
{
    [Fact]
    public async Task the_decision_deadline_of_art_60_pauses_while_suspended_and_moves_by_the_suspended_days_and_the_extension()
    {
        var staff = await server.NewStaffAsync();
        var caseId = await server.ConcludedCaseAsync(staff, 5_000m, on: "2026-03-02");
        // 90 days end on Sunday 2026-05-31; the agency's rest-day extension moves the limit to Monday (domain.md §5).
        Assert.Equal("2026-06-01", (string?)(await server.BoardRowAsync(staff, caseId, "open", "decision"))!["end"]);

        await server.StepAsync(caseId, "2026-03-10", "suspend", new { reason = "等待检验结果", on = "2026-03-10", approvedBy = staff.Head });
        var paused = await server.BoardRowAsync(staff, caseId, "open", "decision");
        Assert.True((bool)paused!["paused"]!);
        Assert.Null(paused["daysLeft"]);
        Assert.Equal("2026-03-10", (string?)paused["excluded"]![0]!["from"]);
        Assert.Null(await server.BoardRowAsync(staff, caseId, "due-soon", "decision"));

        await server.StepAsync(caseId, "2026-03-20", "resume", new { on = "2026-03-20", approvedBy = staff.Head });
        var resumed = await server.BoardRowAsync(staff, caseId, "open", "decision");
        Assert.False((bool)resumed!["paused"]!);
        Assert.Equal("2026-06-10", (string?)resumed["end"]);

        await server.StepAsync(caseId, "2026-03-21", "extend-decision-deadline", new { days = 30, approvedBy = staff.Head, reason = "案情复杂", on = "2026-03-21" });
        var extended = await server.BoardRowAsync(staff, caseId, "open", "decision");
        Assert.Equal("2026-07-10", (string?)extended!["end"]);
        Assert.Equal(staff.Head, (string?)extended["extensions"]![0]!["approvedBy"]);
        Assert.Equal(30, (int)extended["extensions"]![0]!["days"]!);
    }
}
