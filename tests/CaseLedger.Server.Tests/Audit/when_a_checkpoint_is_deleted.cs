using System.Text.Json;
using System.Text.Json.Nodes;
using CaseLedger.Audit;
using CaseLedger.Cli.Audit;
using CaseLedger.Json;
using CaseLedger.Server.Audit;
using CaseLedger.Server.Tests.Support;
using CaseLedger.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Spectre.Console;

namespace CaseLedger.Server.Tests.Audit;

/// <summary>
/// Each signed checkpoint names the one before it (tree size and root), so a checkpoint deleted from the store is
/// missed by the audit (CLI and HTTP) and by an offline verification; an auditor who pinned it finds it gone.
/// </summary>
public class when_a_checkpoint_is_deleted(ServerFixture server) : IClassFixture<ServerFixture>
{
    private readonly string _folder = TestPostgres.NewHome("pinned");

    private CheckpointService Checkpoints => server.App.Services.GetRequiredService<CheckpointService>();

    private (int Exit, string Output) Verify(string file, string key, string? since)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No });
        console.Profile.Width = 400;
        return (AuditCommands.Verify(new VerifySettings { File = file, PublicKey = key, Since = since }, console), output.ToString());
    }

    private async Task<(string File, string Key)> ExportAsync()
    {
        var file = Path.Combine(_folder, $"{Guid.NewGuid():N}.json");
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StringWriter()) });
        Assert.Equal(0, await AuditCommands.ExportAsync(server.App.Services, new ExportSettings { Out = file }, console));
        return (file, file + ".public-key.pem");
    }

    [Fact]
    public async Task the_next_checkpoint_misses_it_and_an_auditor_who_pinned_it_is_told()
    {
        var staff = await server.StaffAsync();
        await server.LeadAsync(staff);
        var first = await Checkpoints.CreateAsync();
        Assert.Equal(0, first.PreviousTreeSize);
        Assert.Equal(Checkpoint.EmptyRoot, first.PreviousRootHash);

        await server.LeadAsync(staff);
        var pinned = await Checkpoints.CreateAsync();
        Assert.Equal((first.TreeSize, first.RootHash), (pinned.PreviousTreeSize, pinned.PreviousRootHash));
        // What an auditor keeps: the checkpoint as the API shows it.
        var pinnedFile = Path.Combine(_folder, "pinned.json");
        await File.WriteAllTextAsync(pinnedFile, JsonSerializer.Serialize(AuditEndpoints.Show(pinned), CaseLedgerJson.Responses));
        await server.LeadAsync(staff);
        await Checkpoints.CreateAsync();

        var (file, key) = await ExportAsync();
        var (exit, output) = Verify(file, key, pinnedFile);
        Assert.True(exit == 0, output);
        Assert.DoesNotContain(await server.AuditBothWaysAsync(AuditService.LogStream), f => f.Code == "checkpoint-missing");

        await Superuser.ExecuteAsync(server.App.Services.GetRequiredService<NpgsqlDataSource>(),
            $"delete from {server.App.Services.GetRequiredService<StoredLog>().Table("mt_doc_checkpoint")} where id = $1", pinned.Id);

        Assert.Contains(await server.AuditBothWaysAsync(AuditService.LogStream), f => f.Code == "checkpoint-missing"
            && f.Message.Contains($"follows the checkpoint of {pinned.TreeSize} events, which is no longer stored", StringComparison.Ordinal));
        await server.LeadAsync(staff);
        var (after, afterKey) = await ExportAsync();
        var (afterExit, afterOutput) = Verify(after, afterKey, pinnedFile);
        Assert.Equal(1, afterExit);
        Assert.Contains($"The pinned checkpoint of {pinned.TreeSize} events is not among the export's checkpoints", afterOutput, StringComparison.Ordinal);
        Assert.Contains("which is no longer stored", Verify(after, afterKey, null).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_pinned_checkpoint_with_another_root_is_refused()
    {
        var staff = await server.StaffAsync();
        await server.LeadAsync(staff);
        var checkpoint = await Checkpoints.CreateAsync();
        var shown = JsonNode.Parse(JsonSerializer.Serialize(AuditEndpoints.Show(checkpoint), CaseLedgerJson.Responses))!;
        shown["rootHash"] = new string('0', 64);
        var pinnedFile = Path.Combine(_folder, $"{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(pinnedFile, shown.ToJsonString());
        var (file, key) = await ExportAsync();
        var (exit, output) = Verify(file, key, pinnedFile);
        Assert.Equal(1, exit);
        Assert.Contains("the pinned checkpoint", output, StringComparison.Ordinal);
    }
}
