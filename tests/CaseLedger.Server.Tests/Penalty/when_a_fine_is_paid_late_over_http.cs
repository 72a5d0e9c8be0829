using System.Text.Json.Nodes;
using CaseLedger.Server.Tests.Support;

namespace CaseLedger.Server.Tests.Penalty;

/// <summary>The 50,000-yuan fine served 2025-02-11 is due 2025-02-26; the late fee is 3% a day of what is overdue (行政处罚法 Art. 72).</summary>
public class when_a_fine_is_paid_late_over_http(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static JsonNode Payment(JsonNode answer) => answer["events"]!.AsArray().Single(e => (string?)e!["type"] == "payment_recorded")!["data"]!;

    [Fact]
    public async Task after_a_part_payment_the_late_fee_runs_on_the_unpaid_amount_art_72()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.CaseWithServedDecisionAsync(staff);
        // 02-27 … 03-03 on 50,000: 5 × 1,500.
        var part = Payment(await server.OkAsync(caseId, "record-payment", new { amount = 20_000m, paidOn = "2025-03-03", receiptNumber = "SD-1" }));
        Assert.Equal(7_500m, (decimal)part["lateFee"]!);
        // 03-04 … 03-08 on the 30,000 still unpaid: 5 × 900; 12,000 in all, where the whole fine would have made 15,000.
        var rest = Payment(await server.OkAsync(caseId, "record-payment", new { amount = 30_000m, paidOn = "2025-03-08", receiptNumber = "SD-2" }));
        Assert.Equal((10, 12_000m, 12_000m), ((int)rest["lateFeeDays"]!, (decimal)rest["lateFee"]!, (decimal)rest["outstanding"]!));
    }

    [Fact]
    public async Task under_instalments_each_instalment_accrues_from_its_own_due_date_art_66_72()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.CaseWithServedDecisionAsync(staff);
        await server.OkAsync(caseId, "approve-instalments", new
        {
            approvedBy = staff.Head, on = "2025-02-20",
            schedule = new[] { new { dueOn = "2025-03-10", amount = 25_000m }, new { dueOn = "2025-04-10", amount = 25_000m } },
        });
        // The first instalment four days late: 03-11 … 03-14 on 25,000; the second is not due yet.
        var first = Payment(await server.OkAsync(caseId, "record-payment", new { amount = 25_000m, paidOn = "2025-03-14", receiptNumber = "SD-1" }));
        Assert.Equal((4, 3_000m), ((int)first["lateFeeDays"]!, (decimal)first["lateFee"]!));
        var second = Payment(await server.OkAsync(caseId, "record-payment", new { amount = 25_000m, paidOn = "2025-04-10", receiptNumber = "SD-2" }));
        Assert.Equal((4, 3_000m), ((int)second["lateFeeDays"]!, (decimal)second["lateFee"]!));
    }
}
