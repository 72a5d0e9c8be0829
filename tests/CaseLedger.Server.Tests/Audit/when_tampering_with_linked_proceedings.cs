using System.Text.Json.Nodes;
using CaseLedger.Audit;
using CaseLedger.Cli.Audit;
using CaseLedger.Hosting;
using CaseLedger.Server.Tests.Support;
using CaseLedger.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Spectre.Console;

namespace CaseLedger.Server.Tests.Audit;

/// <summary>
/// The linked proceedings' streams are audited like the cases': a row of a supervision matter and of a reconsideration changed
/// with SQL is found by the whole-log audit (both ways) and by an export verified offline; a forged audience of the feed
/// (<see cref="Subscriptions.ProceedingAudience"/>) is a read model that differs, and a rebuild writes it again from the events.
/// </summary>
public class when_tampering_with_linked_proceedings(ServerFixture server) : IClassFixture<ServerFixture>
{
    private StoredLog Log => server.App.Services.GetRequiredService<StoredLog>();

    private async Task SqlAsync(string sql, params object[] parameters) =>
        await Superuser.ExecuteAsync(server.App.Services.GetRequiredService<NpgsqlDataSource>(), sql, parameters);

    private async Task<(string Reconsideration, string Matter)> ProceedingsAsync()
    {
        var staff = await server.NewStaffAsync();
        var reconsideration = await server.ApplyForReconsiderationAsync(await server.PublishedCaseAsync(staff), await server.ReconsiderationBodyAsync(), "2026-02-03");
        var matter = await server.SupervisionOpinionAsync(await server.SupervisingOrganAsync(), await server.PublishedCaseAsync(staff));
        return (reconsideration, matter);
    }

    private static IAnsiConsole Console(StringWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No });
        console.Profile.Width = 400;
        return console;
    }

    [Fact]
    public async Task a_changed_row_of_a_supervision_matter_or_a_reconsideration_breaks_its_chain_in_the_whole_audit_and_the_export()
    {
        var (reconsideration, matter) = await ProceedingsAsync();
        await server.App.Services.GetRequiredService<CheckpointService>().CreateAsync();
        var clean = await server.AuditBothWaysAsync();
        Assert.DoesNotContain(clean, f => (f.Stream == reconsideration || f.Stream == matter) && f.Kind == "chain-break");

        // Exported alone and verified offline, each proceeding holds.
        var folder = TestPostgres.NewHome("proceedings-export");
        var files = new Dictionary<string, string>();
        foreach (var stream in new[] { reconsideration, matter })
        {
            var file = Path.Combine(folder, $"{stream}.json");
            Assert.Equal(0, await AuditCommands.ExportAsync(server.App.Services, new ExportSettings { Case = stream, Out = file }, Console(new StringWriter())));
            Assert.Equal(0, AuditCommands.Verify(new VerifySettings { File = file, PublicKey = file + ".public-key.pem" }, Console(new StringWriter())));
            files[stream] = file;
        }

        await SqlAsync($"update {Log.Table("mt_events")} set data = jsonb_set(data, '{{request}}', '\"撤回申请\"') where stream_id = $1 and version = 1", reconsideration);
        await SqlAsync($"update {Log.Table("mt_events")} set data = jsonb_set(data, '{{findings,0}}', '\"事实清楚\"') where stream_id = $1 and version = 3", matter);
        var findings = await server.AuditBothWaysAsync();
        Assert.Contains(findings, f => f.Stream == reconsideration && f.Code == "chain-hash-mismatch" && f.Version == 1);
        Assert.Contains(findings, f => f.Stream == matter && f.Code == "chain-hash-mismatch" && f.Version == 3);

        // The same change in an export is named by the offline verifier.
        var export = JsonNode.Parse(await File.ReadAllTextAsync(files[matter]))!;
        export["events"]![2]!["data"]!["findings"]![0] = "事实清楚";
        var tampered = Path.Combine(folder, "tampered.json");
        await File.WriteAllTextAsync(tampered, export.ToJsonString());
        var output = new StringWriter();
        Assert.Equal(1, AuditCommands.Verify(new VerifySettings { File = tampered, PublicKey = files[matter] + ".public-key.pem" }, Console(output)));
        Assert.Contains($"event {matter} v3: chain-hash-mismatch", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_forged_audience_is_found_and_a_rebuild_writes_every_audience_again_from_the_events()
    {
        var (reconsideration, matter) = await ProceedingsAsync();
        var table = Log.Table("mt_doc_proceedingaudience");
        var before = await server.DocumentsAsync("mt_doc_proceedingaudience");
        Assert.Contains(reconsideration, before.Keys);
        Assert.Contains(matter, before.Keys);
        Assert.DoesNotContain(await server.AuditBothWaysAsync(), f => f.Code == ReadModelCheck.Code);

        // An outsider's agency slipped into the audience of the reconsideration, and the matter's audience deleted.
        await SqlAsync($"update {table} set data = jsonb_set(data, '{{agencies}}', (data->'agencies') || '\"outsider\"') where id = $1", reconsideration);
        await SqlAsync($"delete from {table} where id = $1", matter);
        var findings = (await server.AuditBothWaysAsync()).Where(f => f.Code == ReadModelCheck.Code).ToList();
        Assert.Contains(findings, f => f.Stream == reconsideration && f.Message.Contains("ProceedingAudience", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Stream == matter && f.Message.Contains("missing", StringComparison.Ordinal));

        await using (var store = await CaseLedgerStore.OpenAsync(new CaseLedgerSettings(server.ConnectionString, server.Clock) { DeadlineSweepInterval = null }))
            await store.RebuildAsync(["ProceedingAudience"], null, "auditor-on-call");
        Assert.Equal(before.Where(d => d.Key == reconsideration || d.Key == matter),
            (await server.DocumentsAsync("mt_doc_proceedingaudience")).Where(d => d.Key == reconsideration || d.Key == matter));
        Assert.DoesNotContain(await server.AuditBothWaysAsync(), f => f.Code == ReadModelCheck.Code);
    }
}
