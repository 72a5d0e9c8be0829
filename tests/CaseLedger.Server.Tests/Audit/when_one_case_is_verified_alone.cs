using CaseLedger.Audit;
using CaseLedger.Domain.Audit;
using CaseLedger.Server.Tests.Support;
using CaseLedger.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CaseLedger.Server.Tests.Audit;

/// <summary>
/// The audit of one case (<c>GET /api/audit/verify?caseId=</c>, the audit page with a case, <c>caseledger audit --case</c>) reads
/// that case and the register, and proves the case's events into the newest signed checkpoint instead of rebuilding every
/// checkpoint from the whole log. It must still find each tampering of that case the whole audit finds.
/// </summary>
public class when_one_case_is_verified_alone(ServerFixture server) : IClassFixture<ServerFixture>
{
    private StoredLog Log => server.App.Services.GetRequiredService<StoredLog>();

    private async Task<string> SignedCaseAsync()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.NotifiedCaseAsync(staff, fine: 3_000m);
        await server.App.Services.GetRequiredService<CheckpointService>().CreateAsync();
        Assert.Equal(["deadline-missed:decision"], (await server.AuditAsync(caseId)).FindingsOf(caseId).Select(f => f.Code));
        return caseId;
    }

    private async Task SqlAsync(string sql, params object[] parameters) =>
        await Superuser.ExecuteAsync(server.App.Services.GetRequiredService<NpgsqlDataSource>(), sql, parameters);

    private async Task<AuditReport> OneCaseAsync(string caseId)
    {
        var report = await server.AuditAsync(caseId);
        // Only the case and the log are reported: no other stream was read.
        Assert.All(report.Streams, s => Assert.Contains(s.Stream, new[] { caseId, AuditService.LogStream }));
        return report;
    }

    [Fact]
    public async Task a_changed_row_is_a_chain_break_of_the_case()
    {
        var caseId = await SignedCaseAsync();
        await SqlAsync($"update {Log.Table("mt_events")} set data = jsonb_set(data, '{{proposedPenalties,0,amount}}', '300') where stream_id = $1 and version = 5", caseId);

        Assert.Contains((await OneCaseAsync(caseId)).FindingsOf(caseId), f => f.Code == "chain-hash-mismatch" && f.Version == 5);
    }

    [Fact]
    public async Task a_deleted_event_is_a_version_gap_and_a_chain_break_of_the_case()
    {
        var caseId = await SignedCaseAsync();
        await SqlAsync($"delete from {Log.Table("mt_events")} where stream_id = $1 and version = 3", caseId);

        var findings = (await OneCaseAsync(caseId)).FindingsOf(caseId);
        Assert.Contains(findings, f => f.Code == "version-gap" && f.Version == 4);
        Assert.Contains(findings, f => f.Code == "chain-hash-mismatch" && f.Version == 4);
    }

    [Fact]
    public async Task a_cut_off_last_event_with_its_stream_row_set_back_is_not_the_head_the_checkpoint_signed()
    {
        var caseId = await SignedCaseAsync();
        await SqlAsync($"delete from {Log.Table("mt_events")} where stream_id = $1 and version = 6", caseId);
        await SqlAsync($"update {Log.Table("mt_streams")} set version = 5 where id = $1", caseId);

        var findings = (await OneCaseAsync(caseId)).FindingsOf(caseId);
        Assert.DoesNotContain(findings, f => f.Kind is "chain-break" or "version-gap");
        Assert.Contains(findings, f => f.Code == "stream-head-mismatch" && f.Version == 6);
    }

    [Fact]
    public async Task a_rewritten_and_rechained_case_passes_its_chain_but_not_the_inclusion_proof()
    {
        var caseId = await SignedCaseAsync();
        await SqlAsync($"update {Log.Table("mt_events")} set data = jsonb_set(data, '{{proposedPenalties,0,amount}}', '300') where stream_id = $1 and version = 5", caseId);
        var previous = EventChain.Genesis;
        foreach (var e in await Log.ReadAsync(caseId))
        {
            previous = EventChain.Next(previous, e.Chained);
            await SqlAsync($"update {Log.Table("mt_events")} set headers = jsonb_set(headers, '{{chainHash}}', to_jsonb($2::text)) where stream_id = $1 and version = $3",
                caseId, EventChain.Hex(previous), e.Version);
        }

        var report = await OneCaseAsync(caseId);
        Assert.DoesNotContain(report.FindingsOf(caseId), f => f.Kind == "chain-break");
        Assert.Contains(report.FindingsOf(caseId), f => f.Code == "stream-head-mismatch" && f.Version == 6);
        Assert.Contains(report.FindingsOf(AuditService.LogStream), f => f.Code == "checkpoint-mismatch" && f.Message.Contains($"of case {caseId}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_forged_read_model_of_the_case_is_found()
    {
        var caseId = await SignedCaseAsync();
        await SqlAsync($"update {Log.Table("mt_doc_casefile")} set data = jsonb_set(data, '{{state,notice,proposedPenalties,0,amount}}', '30') where id = $1", caseId);

        Assert.Contains((await OneCaseAsync(caseId)).FindingsOf(caseId),
            f => f.Code == ReadModelCheck.Code && f.Message == $"CaseFile '{caseId}' differs from its events at $.state.notice.proposedPenalties[0].amount.");
    }

    [Fact]
    public async Task a_forged_checkpoint_fails_its_signature()
    {
        var caseId = await SignedCaseAsync();
        var checkpoint = await server.App.Services.GetRequiredService<CheckpointService>().LatestAsync();
        await SqlAsync($"update {Log.Table("mt_doc_checkpoint")} set data = jsonb_set(data, '{{rootHash}}', to_jsonb(repeat('0', 64))) where id = $1", checkpoint!.Id);

        Assert.Contains((await OneCaseAsync(caseId)).FindingsOf(AuditService.LogStream),
            f => f.Code == "checkpoint-signature-invalid" && f.Message.StartsWith($"Checkpoint of {checkpoint.TreeSize} events", StringComparison.Ordinal));
    }
}

/// <summary>A store of its own: tampering with another case must not show up in this one's audit, and the whole audit still finds it.</summary>
public class when_another_case_is_tampered_with(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task the_one_case_audit_reports_nothing_of_it_and_the_whole_audit_finds_it()
    {
        var staff = await server.StaffAsync();
        var audited = await server.NotifiedCaseAsync(staff, fine: 3_000m);
        var other = await server.NotifiedCaseAsync(staff, fine: 5_000m);
        await server.App.Services.GetRequiredService<CheckpointService>().CreateAsync();
        var log = server.App.Services.GetRequiredService<StoredLog>();
        await Superuser.ExecuteAsync(server.App.Services.GetRequiredService<NpgsqlDataSource>(),
            $"update {log.Table("mt_events")} set data = jsonb_set(data, '{{proposedPenalties,0,amount}}', '500') where stream_id = $1 and version = 5", other);
        await Superuser.ExecuteAsync(server.App.Services.GetRequiredService<NpgsqlDataSource>(),
            $"update {log.Table("mt_doc_casefile")} set data = jsonb_set(data, '{{state,notice,proposedPenalties,0,amount}}', '50') where id = $1", other);

        var one = await server.AuditAsync(audited);
        Assert.Equal(["deadline-missed:decision"], one.FindingsOf(audited).Select(f => f.Code));
        Assert.Empty(one.FindingsOf(AuditService.LogStream));
        Assert.DoesNotContain(one.Streams, s => s.Stream == other);
        var overHttp = await server.VerifyOverHttpAsync(audited);
        Assert.DoesNotContain(overHttp["streams"]!.AsArray(), s => (string?)s!["stream"] == other);

        var whole = await server.AuditBothWaysAsync();
        Assert.Contains(whole, f => f.Stream == other && f.Code == "chain-hash-mismatch" && f.Version == 5);
        Assert.Contains(whole, f => f.Stream == other && f.Code == ReadModelCheck.Code);
        Assert.DoesNotContain(whole, f => f.Stream == audited && f.Kind != "deadline-missed");
    }
}
