using CaseLedger.Audit;
using CaseLedger.Domain.Audit;
using CaseLedger.Server.Tests.Support;
using CaseLedger.Testing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;

namespace CaseLedger.Server.Tests.Audit;

/// <summary>Rows of mt_events changed with SQL, behind the engine's back: each change is detected and named.</summary>
public class when_tampering_with_stored_events(ServerFixture server) : IClassFixture<ServerFixture>
{
    private StoredLog Log => server.App.Services.GetRequiredService<StoredLog>();

    private async Task<string> CaseAsync()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.NotifiedCaseAsync(staff, fine: 3_000m);
        // Its only finding is that, by the fixture's today, it is long past its 90 days: the chain is whole.
        Assert.Equal(["deadline-missed:decision"], (await server.AuditAsync(caseId)).FindingsOf(caseId).Select(f => f.Code));
        return caseId;
    }

    private async Task SqlAsync(string sql, params object[] parameters) =>
        await Superuser.ExecuteAsync(server.App.Services.GetRequiredService<NpgsqlDataSource>(),
            sql.Replace("mt_events", Log.Table("mt_events"), StringComparison.Ordinal), parameters);

    /// <summary>The case's findings, the same by <c>caseledger audit</c> and by <c>GET /api/audit/verify</c>.</summary>
    private Task<IReadOnlyList<Finding>> FindingsAsync(string caseId) => server.AuditBothWaysAsync(caseId);

    private async Task<Checkpoint> CheckpointAsync() =>
        await server.App.Services.GetRequiredService<CheckpointService>().CreateAsync();

    private static void Names(IReadOnlyList<Finding> findings, string code, long version) =>
        Assert.Contains(findings, f => f.Code == code && f.Version == version);

    [Fact]
    public async Task an_updated_payload_breaks_the_chain_at_that_event()
    {
        var caseId = await CaseAsync();
        await SqlAsync("update mt_events set data = jsonb_set(data, '{proposedPenalties,0,amount}', '300') where stream_id = $1 and version = 5", caseId);
        var findings = await FindingsAsync(caseId);
        Names(findings, "chain-hash-mismatch", 5);
        Assert.Single(findings, f => f.Kind == "chain-break");
    }

    [Fact]
    public async Task a_deleted_event_is_a_version_gap_a_chain_break_and_a_checkpoint_that_no_longer_matches()
    {
        var caseId = await CaseAsync();
        var checkpoint = await CheckpointAsync();
        await SqlAsync("delete from mt_events where stream_id = $1 and version = 3", caseId);

        var findings = await FindingsAsync(caseId);
        Names(findings, "version-gap", 4);
        Names(findings, "chain-hash-mismatch", 4);
        Assert.Contains(await FindingsAsync(AuditService.LogStream),
            f => f.Code == "checkpoint-mismatch" && f.Message.StartsWith($"Checkpoint of {checkpoint.TreeSize} events", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_forged_event_inserted_without_the_engine_has_no_chain_hash()
    {
        var caseId = await CaseAsync();
        await SqlAsync("""
            insert into mt_events (id, seq_id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, user_name)
            select gen_random_uuid(), nextval(pg_get_serial_sequence('mt_events', 'seq_id')), stream_id, version + 1,
                   jsonb_build_object('caseId', stream_id, 'waivedOn', '2025-01-25', 'officers', '[]'::jsonb, 'documents', '[]'::jsonb, 'recordedBy', 'admin'),
                   'rights_waived', timestamp, tenant_id, mt_dotnet_type, 'admin'
            from mt_events where stream_id = $1 and version = 6
            """, caseId);
        Names(await FindingsAsync(caseId), "chain-hash-missing", 7);
    }

    [Fact]
    public async Task a_forged_event_with_a_copied_chain_hash_does_not_match()
    {
        var caseId = await CaseAsync();
        await SqlAsync("""
            insert into mt_events (id, seq_id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, user_name, headers)
            select gen_random_uuid(), nextval(pg_get_serial_sequence('mt_events', 'seq_id')), stream_id, version + 1, data, type, timestamp,
                   tenant_id, mt_dotnet_type, user_name, headers
            from mt_events where stream_id = $1 and version = 6
            """, caseId);
        Names(await FindingsAsync(caseId), "chain-hash-mismatch", 7);
    }

    [Fact]
    public async Task two_swapped_versions_break_the_chain_at_both()
    {
        var caseId = await CaseAsync();
        await SqlAsync("update mt_events set version = -3 where stream_id = $1 and version = 3", caseId);
        await SqlAsync("update mt_events set version = 3 where stream_id = $1 and version = 4", caseId);
        await SqlAsync("update mt_events set version = 4 where stream_id = $1 and version = -3", caseId);
        var findings = await FindingsAsync(caseId);
        Names(findings, "chain-hash-mismatch", 3);
        Names(findings, "chain-hash-mismatch", 4);
    }

    [Fact]
    public async Task a_changed_timestamp_breaks_the_chain()
    {
        var caseId = await CaseAsync();
        await SqlAsync("update mt_events set timestamp = timestamp - interval '3 days' where stream_id = $1 and version = 2", caseId);
        Names(await FindingsAsync(caseId), "chain-hash-mismatch", 2);
    }

    [Fact]
    public async Task a_changed_type_breaks_the_chain()
    {
        var caseId = await CaseAsync();
        await SqlAsync("update mt_events set type = 'case_archived' where stream_id = $1 and version = 6", caseId);
        Names(await FindingsAsync(caseId), "chain-hash-mismatch", 6);
    }

    [Fact]
    public async Task a_changed_actor_breaks_the_chain()
    {
        var caseId = await CaseAsync();
        await SqlAsync("update mt_events set user_name = 'someone-else' where stream_id = $1 and version = 4", caseId);
        Names(await FindingsAsync(caseId), "chain-hash-mismatch", 4);
    }

    [Fact]
    public async Task a_rewritten_and_rechained_stream_passes_the_chain_but_not_the_signed_checkpoint()
    {
        var caseId = await CaseAsync();
        var checkpoint = await CheckpointAsync();
        await SqlAsync("update mt_events set data = jsonb_set(data, '{proposedPenalties,0,amount}', '300') where stream_id = $1 and version = 5", caseId);
        var previous = EventChain.Genesis;
        foreach (var e in await Log.ReadAsync(caseId))
        {
            previous = EventChain.Next(previous, e.Chained);
            await SqlAsync("update mt_events set headers = jsonb_set(headers, '{chainHash}', to_jsonb($2::text)) where stream_id = $1 and version = $3",
                caseId, EventChain.Hex(previous), e.Version);
        }

        Assert.DoesNotContain(await FindingsAsync(caseId), f => f.Kind == "chain-break");
        Assert.Contains(await FindingsAsync(AuditService.LogStream),
            f => f.Code == "checkpoint-mismatch" && f.Message.StartsWith($"Checkpoint of {checkpoint.TreeSize} events", StringComparison.Ordinal));
    }

    [Fact]
    public async Task an_altered_checkpoint_fails_its_signature()
    {
        await CaseAsync();
        var checkpoint = await CheckpointAsync();
        Assert.Equal(1, await Superuser.ExecuteAsync(server.App.Services.GetRequiredService<NpgsqlDataSource>(),
            $"update {Log.Table("mt_doc_checkpoint")} set data = jsonb_set(data, '{{rootHash}}', to_jsonb(repeat('0', 64))) where id = $1", checkpoint.Id));

        Assert.Contains(await FindingsAsync(AuditService.LogStream),
            f => f.Code == "checkpoint-signature-invalid" && f.Message.StartsWith($"Checkpoint of {checkpoint.TreeSize} events", StringComparison.Ordinal));
    }
}
