using System.Text.Json.Nodes;
using CaseLedger.Audit;
using CaseLedger.Server.Tests.Support;
using CaseLedger.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CaseLedger.Server.Tests.Audit;

/// <summary>
/// Each checkpoint signs every stream's head (issue 19 item 7, docs/integrity.md §2–3): a case export carries its stream's head
/// with its proof, so one whose last events were cut off fails, offline and over HTTP, with a stable code.
/// </summary>
public class when_a_case_export_is_cut_short(ServerFixture server) : IClassFixture<ServerFixture>
{
    private async Task<(JsonObject Export, string Key, string CaseId)> ExportAsync()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.NotifiedCaseAsync(staff, fine: 3_000m);
        var export = await server.App.Services.GetRequiredService<ExportBuilder>().BuildAsync(caseId);
        return (export, server.App.Services.GetRequiredService<CheckpointService>().Key.PublicKeyPem, caseId);
    }

    private static IReadOnlyList<string> Problems(JsonObject export, string key) =>
        ExportVerifier.Verify(ExportBuilder.Write(export), key).Problems;

    [Fact]
    public async Task a_whole_case_export_proves_its_stream_head_at_the_checkpoint()
    {
        var (export, key, _) = await ExportAsync();
        Assert.Empty(Problems(export, key));
        Assert.Equal((long)export["events"]!.AsArray()[^1]!["version"]!, (long)export["streamHead"]!["version"]!);
        Assert.NotNull((string?)export["checkpoint"]!["streamsRoot"]);
    }

    [Fact]
    public async Task an_export_whose_last_events_were_cut_off_fails_with_stream_head_mismatch_offline_and_over_http()
    {
        var (export, key, caseId) = await ExportAsync();
        var events = export["events"]!.AsArray();
        events.RemoveAt(events.Count - 1);
        events.RemoveAt(events.Count - 1);

        Assert.Contains(Problems(export, key), p => p.StartsWith($"{ExportVerifier.StreamHeadMismatch}: case {caseId} stood at version 6", StringComparison.Ordinal));
        var answer = await (await server.Client().PostRawAsync("/api/audit/exports/verify", ExportBuilder.Write(export))).AssertOkAsync();
        Assert.False((bool)answer["verified"]!);
        Assert.Contains(answer["problems"]!.AsArray(), p => ((string)p!).StartsWith(ExportVerifier.StreamHeadMismatch + ":", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_stream_head_lowered_to_fit_a_cut_export_or_removed_does_not_prove()
    {
        var (export, key, _) = await ExportAsync();
        var events = export["events"]!.AsArray();
        var kept = events[^2]!;
        events.RemoveAt(events.Count - 1);
        var lowered = (JsonObject)export.DeepClone();
        lowered["streamHead"]!["version"] = (long)kept["version"]!;
        lowered["streamHead"]!["chainHash"] = (string)kept["chainHash"]!;
        Assert.Contains(Problems(lowered, key), p => p.StartsWith(ExportVerifier.StreamHeadUnproved + ":", StringComparison.Ordinal));

        var removed = (JsonObject)export.DeepClone();
        removed.Remove("streamHead");
        Assert.Contains(Problems(removed, key), p => p.StartsWith(ExportVerifier.StreamHeadUnproved + ":", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_checkpoint_whose_stream_heads_were_not_signed_proves_no_case_export()
    {
        var (export, key, _) = await ExportAsync();
        var checkpoint = export["checkpoint"]!.AsObject();
        checkpoint.Remove("streamCount");
        checkpoint.Remove("streamsRoot");
        var problems = Problems(export, key);
        Assert.Contains(problems, p => p.StartsWith(ExportVerifier.StreamHeadUnsigned + ":", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("signature does not verify", StringComparison.Ordinal));
    }

    [Fact]
    public async Task the_stream_head_proof_over_http_leads_to_the_signed_streams_root()
    {
        var (export, _, caseId) = await ExportAsync();
        var treeSize = (long)export["checkpoint"]!["treeSize"]!;
        var proof = await (await server.Client().GetAsync($"/api/audit/proofs/stream-head?stream={caseId}&treeSize={treeSize}")).AssertOkAsync();
        var head = new StreamHead(caseId, (long)proof["head"]!["version"]!, (string?)proof["head"]!["chainHash"]);
        Assert.Null(Merkle.VerifyInclusion((long)proof["leafIndex"]!, (long)proof["streamCount"]!, StreamHeads.LeafHash(head),
            [.. proof["auditPath"]!.AsArray().Select(h => EventChain.ParseHex((string?)h)!)], EventChain.ParseHex((string?)export["checkpoint"]!["streamsRoot"])!));
        await (await server.Client().GetAsync($"/api/audit/proofs/stream-head?stream=no-such-stream&treeSize={treeSize}")).AssertProblemAsync(404, "not-found");
    }
}

/// <summary>The audit rebuilds the newest checkpoint's stream heads from the stored events (a class of its own: it cuts the store).</summary>
public class when_a_stream_is_cut_short_after_its_checkpoint(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task the_audit_rebuilds_the_newest_checkpoints_stream_heads_and_names_a_stream_cut_short()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.NotifiedCaseAsync(staff, fine: 3_000m);
        var export = await server.App.Services.GetRequiredService<ExportBuilder>().BuildAsync(caseId);
        Assert.DoesNotContain(await server.AuditBothWaysAsync(AuditService.LogStream), f => f.Code == "stream-heads-mismatch");
        var log = server.App.Services.GetRequiredService<StoredLog>();
        await Superuser.ExecuteAsync(server.App.Services.GetRequiredService<NpgsqlDataSource>(),
            $"delete from {log.Table("mt_events")} where stream_id = $1 and version = 6", caseId);

        var findings = await server.AuditBothWaysAsync(AuditService.LogStream);
        Assert.Contains(findings, f => f.Code == "stream-heads-mismatch"
            && f.Message.StartsWith($"Checkpoint of {(long)export["checkpoint"]!["treeSize"]!} events", StringComparison.Ordinal));
    }
}
