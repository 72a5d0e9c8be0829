using System.Diagnostics;
using CaseLedger.Audit;
using CaseLedger.Hosting;
using CaseLedger.Server.Tests.Support;
using Npgsql;

namespace CaseLedger.Server.Tests.Supervision;

/// <summary>
/// Issue #18 item 4: what supervisors see is projected by Marten's own machinery, so <c>caseledger rebuild</c> (Marten's
/// daemon) writes it again exactly, and commands that arrive while it runs wait for it and lose nothing.
/// </summary>
public class when_rebuilding_through_the_cli(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static readonly string[] Tables = ["mt_doc_casesupervision", "mt_doc_remedysupervision", "mt_doc_casefile"];

    [Fact]
    public async Task supervision_documents_forged_or_deleted_behind_the_engine_are_written_again_identical_by_caseledger_rebuild()
    {
        var staff = await server.NewStaffAsync();
        var concluded = await server.ConcludedCaseAsync(staff, 5_000m, on: "2026-03-02");
        var missed = await server.PreservedCaseAsync(staff, on: "2026-03-05");
        var contested = await server.PublishedCaseAsync(staff);
        var reconsideration = await server.ApplyForReconsiderationAsync(contested, await server.ReconsiderationBodyAsync(), "2026-03-05");
        var before = new Dictionary<string, Dictionary<string, string>>();
        foreach (var table in Tables) before[table] = await server.DocumentsAsync(table);
        Assert.Contains(reconsideration, before["mt_doc_remedysupervision"].Keys);

        // Behind the engine's back: a board emptied, a case and a proceeding gone from it, a case file's state forged.
        await server.ExecuteOneRowAsync($"update caseledger.mt_doc_casesupervision set data = jsonb_set(data, '{{deadlines}}', '[]'::jsonb) where id = '{concluded}'");
        await server.ExecuteOneRowAsync($"delete from caseledger.mt_doc_casesupervision where id = '{missed}'");
        await server.ExecuteOneRowAsync($"delete from caseledger.mt_doc_remedysupervision where id = '{reconsideration}'");
        await server.ExecuteOneRowAsync($"update caseledger.mt_doc_casefile set data = jsonb_set(data, '{{state}}', 'null'::jsonb) where id = '{contested}'");

        var (exit, printed) = await CaseLedgerAsync("rebuild");
        Assert.True(exit == 0, printed);
        Assert.Contains("Recorded as read_models_rebuilt", printed);
        foreach (var table in Tables)
        {
            var rebuilt = await server.DocumentsAsync(table);
            Assert.Equal(before[table].Keys.Order(), rebuilt.Keys.Order());
            Assert.All(before[table], document => Assert.Equal(document.Value, rebuilt[document.Key]));
        }
        var rebuilds = (await (await server.Client().GetAsync("/api/audit/rebuilds")).AssertOkAsync()).AsArray();
        Assert.Contains("CaseSupervision", rebuilds[^1]!["readModels"]!.AsArray().Select(n => (string?)n));
        Assert.Contains("RemedySupervision", rebuilds[^1]!["readModels"]!.AsArray().Select(n => (string?)n));
    }

    /// <remarks>
    /// Marten's daemon rebuilds in many transactions, so a command must not append in the middle of it: appends wait on the
    /// rebuild's lock, and one that waits past the command timeout is refused as <c>database-unavailable</c> (503) with
    /// nothing appended, to be sent again. Either way, afterwards every read model is what the events give.
    /// </remarks>
    [Fact]
    public async Task commands_sent_while_a_rebuild_runs_wait_for_it_or_are_refused_and_every_read_model_matches_the_events_after()
    {
        var staff = await server.NewStaffAsync();
        var cases = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => server.FiledCaseAsync(staff)));
        await using var store = await CaseLedgerStore.OpenAsync(new CaseLedgerSettings(server.ConnectionString, server.Clock) { DeadlineSweepInterval = null });
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));

        var rebuilding = store.RebuildAsync(null, null, ct: timeout.Token);
        var during = 0;
        var writers = cases.Select(async caseId =>
        {
            if (!rebuilding.IsCompleted) Interlocked.Increment(ref during);
            using var answer = await server.CommandAsync(caseId, "collect-evidence", Evidence(staff));
            Assert.True(answer.StatusCode is System.Net.HttpStatusCode.OK or System.Net.HttpStatusCode.ServiceUnavailable, await answer.Content.ReadAsStringAsync());
            // A client told 503 tries again after the rebuild; the next command goes on from the version the rebuild left.
            await rebuilding;
            await server.OkAsync(caseId, "collect-evidence", Evidence(staff));
        }).ToList();
        await rebuilding;
        await Task.WhenAll(writers);

        Assert.True(during > 0);
        var audit = await server.AuditAsync();
        Assert.DoesNotContain(audit.Findings, f => f.Code == ReadModelCheck.Code);
        foreach (var caseId in cases)
            Assert.Equal(await server.VersionAsync(caseId), (long)(await server.SummaryAsync(caseId))["version"]!);
    }

    private static object Evidence(AgencyStaff staff) =>
        new { kind = "inspection-record", description = "现场检查笔录", officers = staff.Investigators, collectedOn = "2025-01-09", mediaSha256 = CaseScenarios.Hash };

    /// <summary>The built <c>caseledger</c> on this test's database, as an operator runs it; bounded in time.</summary>
    private async Task<(int Exit, string Printed)> CaseLedgerAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(CaseLedger.Cli.ServedProcess).Assembly.Location);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["CASELEDGER_DB"] = server.ConnectionString;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }
}
