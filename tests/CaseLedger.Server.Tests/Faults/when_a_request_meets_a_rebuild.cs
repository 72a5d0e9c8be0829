using CaseLedger.Commands;
using CaseLedger.Hosting;
using CaseLedger.Server.Tests.Support;
using Npgsql;

namespace CaseLedger.Server.Tests.Faults;

/// <summary>
/// While a rebuild runs, the tables it writes again are emptied and filled: a request that finds an officer or a case missing
/// then, or is refused on what it read, is told the read models are being rebuilt (503, Retry-After), never a refusal that
/// would not be true a minute later; what succeeds goes on, and nothing is appended by what is answered 503.
/// </summary>
public class when_a_request_meets_a_rebuild(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task what_a_half_built_table_would_refuse_is_answered_503_read_models_rebuilding()
    {
        var staff = await server.NewStaffAsync();
        var caseId = await server.FiledCaseAsync(staff);
        var unknown = StreamKeys.NewCaseId();
        var evidence = new { kind = "inspection-record", description = "现场检查笔录", officers = staff.Investigators, collectedOn = "2025-01-09", mediaSha256 = CaseScenarios.Hash };

        // The lock a rebuild holds for its whole transaction (ReadModels.RebuildAsync), held here without emptying anything.
        await using (var rebuild = new NpgsqlConnection(server.ConnectionString))
        {
            await rebuild.OpenAsync();
            await using var transaction = await rebuild.BeginTransactionAsync();
            await RebuildGate.HoldAsync(rebuild, transaction, server.Store.Options.Events.DatabaseSchemaName, default);

            await (await server.Client(staff.TokenOf(staff.Investigator1)).PostJsonAsync($"/api/cases/{unknown}/collect-evidence", evidence))
                .AssertProblemAsync(503, RebuildGate.Code);
            Assert.Null(await server.VersionAsync(unknown));
            using (var unresolved = await server.Client("not-a-token-of-anyone").GetAsync($"/api/cases/{caseId}"))
            {
                await unresolved.AssertProblemAsync(503, RebuildGate.Code);
                Assert.True(unresolved.Headers.RetryAfter is not null);
            }
            await (await server.Client().GetAsync($"/api/cases/{unknown}")).AssertProblemAsync(503, RebuildGate.Code);
            // What finds what it needs is not held back.
            await server.OkAsync(caseId, "collect-evidence", evidence);
        }

        // Once no rebuild runs, the same requests get their true answers.
        await (await server.Client(staff.TokenOf(staff.Investigator1)).PostJsonAsync($"/api/cases/{unknown}/collect-evidence", evidence))
            .AssertProblemAsync(404, "not-found");
        await (await server.Client("not-a-token-of-anyone").GetAsync($"/api/cases/{caseId}")).AssertProblemAsync(401, "unauthenticated");
    }
}
