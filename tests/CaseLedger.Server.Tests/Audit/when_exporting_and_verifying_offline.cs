using System.Text;
using System.Text.Json.Nodes;
using CaseLedger.Audit;
using CaseLedger.Cli.Audit;
using CaseLedger.Server.Tests.Support;
using CaseLedger.Testing;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace CaseLedger.Server.Tests.Audit;

/// <summary>`caseledger export`, then `caseledger verify` with no database: it holds, and fails once any byte changes.</summary>
public class when_exporting_and_verifying_offline(ServerFixture server) : IClassFixture<ServerFixture>
{
    private readonly string _folder = TestPostgres.NewHome("export");

    private static (IAnsiConsole Console, StringWriter Output) Console()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No });
        console.Profile.Width = 400;
        return (console, output);
    }

    private async Task<(string File, string Key)> ExportAsync(string? caseId = null)
    {
        var file = Path.Combine(_folder, $"{Guid.NewGuid():N}.json");
        var (console, output) = Console();
        Assert.Equal(0, await AuditCommands.ExportAsync(server.App.Services, new ExportSettings { Case = caseId, Out = file }, console));
        Assert.Contains("caseledger verify", output.ToString(), StringComparison.Ordinal);
        return (file, file + ".public-key.pem");
    }

    private static (int Exit, string Output) Verify(string file, string key)
    {
        var (console, output) = Console();
        return (AuditCommands.Verify(new VerifySettings { File = file, PublicKey = key }, console), output.ToString());
    }

    [Fact]
    public async Task a_case_export_verifies_offline_with_the_published_key()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.NotifiedCaseAsync(staff, fine: 3_000m);
        var (file, key) = await ExportAsync(caseId);

        var published = await (await server.Client().GetAsync("/api/audit/public-key")).Content.ReadAsStringAsync();
        Assert.Equal(published, await File.ReadAllTextAsync(key));
        var (exit, output) = Verify(file, key);
        Assert.True(exit == 0, output);
        Assert.Contains("Verified: 6 events", output, StringComparison.Ordinal);
        var export = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        Assert.All(export["events"]!.AsArray(), e => Assert.Equal(caseId, (string?)e!["stream"]));
    }

    [Fact]
    public async Task a_full_export_with_earlier_checkpoints_verifies_offline()
    {
        await server.StaffAsync();
        await server.App.Services.GetRequiredService<CheckpointService>().CreateAsync();
        await server.AgencyAsync();
        var (file, key) = await ExportAsync();

        var (exit, output) = Verify(file, key);
        Assert.True(exit == 0, output);
        var export = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        Assert.NotEmpty(export["earlierCheckpoints"]!.AsArray());
        Assert.Equal((long)export["checkpoint"]!["treeSize"]!, export["events"]!.AsArray().Count);
    }

    [Fact]
    public async Task changing_any_byte_of_a_case_export_fails_verification()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.LeadAsync(staff);
        var (file, key) = await ExportAsync(caseId);
        var bytes = await File.ReadAllBytesAsync(file);
        var pem = await File.ReadAllTextAsync(key);
        Assert.True(ExportVerifier.Verify(Encoding.UTF8.GetString(bytes), pem).Verified);

        var unnoticed = new List<string>();
        for (var i = 0; i < bytes.Length; i++)
        {
            var changed = (byte[])bytes.Clone();
            changed[i] ^= 0x01;
            if (ExportVerifier.Verify(Encoding.UTF8.GetString(changed), pem).Verified)
                unnoticed.Add($"byte {i} ('{(char)bytes[i]}') in …{Encoding.UTF8.GetString(bytes, Math.Max(0, i - 30), Math.Min(60, bytes.Length - Math.Max(0, i - 30)))}…");
        }
        Assert.Empty(unnoticed);
    }

    [Fact]
    public async Task a_tampered_export_names_every_break_and_exits_non_zero()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.NotifiedCaseAsync(staff, fine: 3_000m);
        var (file, key) = await ExportAsync(caseId);
        var export = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        export["events"]![2]!["data"]!["description"] = "改过的记录";
        export["events"]![4]!["inclusionProof"]![0] = new string('0', 64);
        export["checkpoint"]!["treeSize"] = (long)export["checkpoint"]!["treeSize"]! + 1;
        var tampered = Path.Combine(_folder, "tampered.json");
        await File.WriteAllTextAsync(tampered, export.ToJsonString());

        var (exit, output) = Verify(tampered, key);
        Assert.Equal(1, exit);
        Assert.Contains($"event {caseId} v3: chain-hash-mismatch", output, StringComparison.Ordinal);
        Assert.Contains("v5", output, StringComparison.Ordinal);
        Assert.Contains("signature does not verify", output, StringComparison.Ordinal);

        var otherKey = Path.Combine(_folder, "other.pem");
        using (var other = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
            await File.WriteAllTextAsync(otherKey, other.ExportSubjectPublicKeyInfoPem());
        var (wrongKeyExit, wrongKeyOutput) = Verify(file, otherKey);
        Assert.Equal(1, wrongKeyExit);
        Assert.Contains("not the given public key", wrongKeyOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task caseledger_audit_prints_a_table_per_case_and_json_and_exits_non_zero_on_findings()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.ConcludedForAuditAsync(staff, fine: 3_000m);
        await server.AppendAroundTheRulesAsync(caseId, AuditScenarios.Decision(caseId, staff, 3_000m));

        var (console, output) = Console();
        Assert.Equal(1, await AuditCommands.AuditAsync(server.App.Services, new AuditSettings { Case = caseId }, console));
        var text = output.ToString();
        Assert.Contains("penalty-notice-required", text, StringComparison.Ordinal);
        Assert.Contains("行政处罚法 Arts. 44, 62", text, StringComparison.Ordinal);

        var (jsonConsole, jsonOutput) = Console();
        Assert.Equal(1, await AuditCommands.AuditAsync(server.App.Services, new AuditSettings { Case = caseId, Json = true }, jsonConsole));
        var report = JsonNode.Parse(jsonOutput.ToString())!;
        Assert.False((bool)report["clean"]!);
        Assert.Contains(report["streams"]!.AsArray(), s => (string?)s!["stream"] == caseId
            && s["findings"]!.AsArray().Any(f => (string?)f!["code"] == "penalty-notice-required"));
    }

    [Fact]
    public async Task an_unknown_or_duplicated_member_or_events_out_of_sequence_order_are_refused()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.NotifiedCaseAsync(staff, fine: 3_000m);
        var (file, key) = await ExportAsync(caseId);
        var text = await File.ReadAllTextAsync(file);

        async Task<string> RefusedAsync(string changed)
        {
            var path = Path.Combine(_folder, $"{Guid.NewGuid():N}.json");
            await File.WriteAllTextAsync(path, changed);
            var (exit, output) = Verify(path, key);
            Assert.True(exit == 1, output);
            return output;
        }

        var unknown = JsonNode.Parse(text)!;
        unknown["events"]![0]!["note"] = "unsigned";
        Assert.Contains("'note'", await RefusedAsync(unknown.ToJsonString()), StringComparison.Ordinal);

        var duplicated = text.Replace("\"scope\":\"case\"", "\"scope\":\"case\",\"scope\":\"all\"", StringComparison.Ordinal);
        Assert.NotEqual(text, duplicated);
        await RefusedAsync(duplicated);

        var reordered = JsonNode.Parse(text)!;
        var events = reordered["events"]!.AsArray();
        var first = events[0]!.DeepClone();
        events.RemoveAt(0);
        events.Add(first);
        Assert.Contains("not in sequence order", await RefusedAsync(reordered.ToJsonString()), StringComparison.Ordinal);
    }
}
