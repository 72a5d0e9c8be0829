using System.Text.Json;
using CaseLedger.Access;
using CaseLedger.Commands;
using CaseLedger.Domain.Penalty;
using CaseLedger.Json;
using CaseLedger.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace CaseLedger.Server.Tests.Faults;

/// <summary>
/// A NUL in a text, which PostgreSQL's jsonb refuses (the HTTP edge stops it earlier, but the CLI or a message could still send
/// one): refused by the command pipeline before the database sees it. Sent to PostgreSQL, the failed batch once left a pooled
/// connection out of step ("Received unexpected backend message DataRow") and the next command on the case failed too.
/// </summary>
public class when_a_command_holds_a_nul(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task it_is_refused_before_the_database_and_the_next_command_on_the_case_runs()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.FiledCaseAsync(staff);
        var actor = await server.App.Services.GetRequiredService<TokenResolver>().ResolveAsync(staff.TokenOf(staff.Investigator1), CancellationToken.None);
        var bus = server.App.Services.GetRequiredService<IMessageBus>();
        for (var i = 0; i < 10; i++)
        {
            var bad = Evidence(staff, $"笔录\u0000{i}");
            var refused = await bus.InvokeAsync<CommandResult>(new RunCommand(caseId, bad, actor!));
            Assert.Equal("validation-failed", refused.Refusal?.Code);
            var good = await bus.InvokeAsync<CommandResult>(new RunCommand(caseId, Evidence(staff, $"笔录{i}"), actor!));
            Assert.Null(good.Refusal);
            await server.OkAsync(caseId, "collect-evidence", new { kind = "inspection-record", description = "d", officers = staff.Investigators, collectedOn = "2025-01-09", mediaSha256 = CaseScenarios.Hash });
        }
    }

    private static object Evidence(AgencyStaff staff, string description) => JsonSerializer.Deserialize(
        JsonSerializer.Serialize(new { kind = "inspection-record", description, officers = staff.Investigators, collectedOn = "2025-01-09", mediaSha256 = CaseScenarios.Hash }),
        PenaltyCase.Commands["collect-evidence"], CaseLedgerJson.Requests)!;
}
