using CaseLedger.Server.Tests.Support;
using CaseLedger.Supervision;
using NodaTime;

namespace CaseLedger.Server.Tests.Supervision;

/// <summary>
/// The board's size that the operators' gauge reports (caseledger.board.proceedings, issue #22): a filed case adds one proceeding
/// with an open deadline; the same case counts as overdue on a day after its decision deadline (Art. 60's 90 days) has passed.
/// </summary>
[Collection(SupervisionCollection.Name)]
public class when_an_operator_reads_the_board_size(ServerFixture server)
{
    [Fact]
    public async Task a_filed_case_is_counted_open_and_overdue_once_its_decision_deadline_has_passed()
    {
        var staff = await server.NewStaffAsync();
        var filedOn = new LocalDate(2025, 1, 8);
        var afterDecisionDeadline = filedOn.PlusDays(120);
        var before = await SizesAsync(filedOn);
        var overdueBefore = await SizesAsync(afterDecisionDeadline);

        await server.FiledCaseAsync(staff);

        Assert.Equal(before[DeadlineBoardFilter.Open] + 1, (await SizesAsync(filedOn))[DeadlineBoardFilter.Open]);
        Assert.Equal(before[DeadlineBoardFilter.Overdue], (await SizesAsync(filedOn))[DeadlineBoardFilter.Overdue]);
        Assert.Equal(overdueBefore[DeadlineBoardFilter.Overdue] + 1, (await SizesAsync(afterDecisionDeadline))[DeadlineBoardFilter.Overdue]);
    }

    private async Task<IReadOnlyDictionary<string, int>> SizesAsync(LocalDate today)
    {
        await using var session = server.Store.QuerySession();
        return await DeadlineBoardQuery.SizesAsync(session, today, CancellationToken.None);
    }
}
