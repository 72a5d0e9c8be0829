using CaseLedger.Audit;
using CaseLedger.Domain.Audit;
using CaseLedger.Server.Tests.Support;
using CaseLedger.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CaseLedger.Server.Tests.Audit;

/// <summary>
/// Append-only in the database itself: the connection CaseLedger writes with cannot update, delete, truncate or
/// archive events, nor delete checkpoints. What a superuser still gets past the guard, the audit reports, by the
/// CLI and over HTTP alike, one tamper at a time.
/// </summary>
public class when_the_store_refuses_to_change_its_history(ServerFixture server) : IClassFixture<ServerFixture>
{
    private StoredLog Log => server.App.Services.GetRequiredService<StoredLog>();
    private NpgsqlDataSource DataSource => server.App.Services.GetRequiredService<NpgsqlDataSource>();

    private string Qualified(string sql) => sql
        .Replace("mt_events", Log.Table("mt_events"), StringComparison.Ordinal)
        .Replace("mt_streams", Log.Table("mt_streams"), StringComparison.Ordinal)
        .Replace("mt_doc_checkpoint", Log.Table("mt_doc_checkpoint"), StringComparison.Ordinal);

    private Task TamperAsync(string sql, params object[] parameters) => Superuser.ExecuteAsync(DataSource, Qualified(sql), parameters);

    private async Task<PostgresException> RefusedAsync(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(Qualified(sql));
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        return await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
    }

    private async Task<string> CaseAsync() => await server.NotifiedCaseAsync(await server.StaffAsync(), fine: 3_000m);

    private static void Found(IReadOnlyList<Finding> findings, string code, long? version = null) =>
        Assert.True(findings.Any(f => f.Code == code && (version is null || f.Version == version)),
            $"No {code}{(version is null ? "" : $" at v{version}")}: {string.Join("; ", findings.Select(f => $"{f.Version} {f.Code}"))}");

    [Fact]
    public async Task caseledger_cannot_update_delete_truncate_or_archive_events_nor_delete_checkpoints()
    {
        var caseId = await CaseAsync();
        await server.App.Services.GetRequiredService<CheckpointService>().CreateAsync();
        var before = await Log.ReadAsync(caseId);

        foreach (var sql in new[]
        {
            "update mt_events set data = jsonb_set(data, '{proposedPenalties,0,amount}', '300') where stream_id = $1 and version = 5",
            "update mt_events set is_archived = true where stream_id = $1",
            "delete from mt_events where stream_id = $1 and version = 3",
        })
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await RefusedAsync(sql, caseId)).SqlState);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await RefusedAsync("truncate mt_events")).SqlState);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await RefusedAsync("delete from mt_doc_checkpoint")).SqlState);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await RefusedAsync("update mt_doc_checkpoint set data = data")).SqlState);

        await using (var session = server.Store.LightweightSession())
        {
            session.Events.ArchiveStream(caseId);
            await Assert.ThrowsAnyAsync<Exception>(() => session.SaveChangesAsync());
        }

        Assert.Equal(before, await Log.ReadAsync(caseId));
        Assert.DoesNotContain(await server.AuditBothWaysAsync(caseId), f => f.Kind != "deadline-missed");
    }

    [Fact]
    public async Task an_event_archived_behind_the_engine_is_found()
    {
        var caseId = await CaseAsync();
        await TamperAsync("update mt_events set is_archived = true where stream_id = $1 and version = 4", caseId);
        Found(await server.AuditBothWaysAsync(caseId), "event-archived", 4);
    }

    [Fact]
    public async Task a_stream_archived_as_marten_archives_it_is_found()
    {
        var caseId = await CaseAsync();
        await TamperAsync("update mt_streams set is_archived = true where id = $1", caseId);
        await TamperAsync("update mt_events set is_archived = true where stream_id = $1", caseId);
        var findings = await server.AuditBothWaysAsync(caseId);
        Found(findings, "stream-archived");
        Found(findings, "event-archived", 1);
    }

    [Fact]
    public async Task a_stream_whose_events_were_all_deleted_is_found()
    {
        var caseId = await CaseAsync();
        await TamperAsync("delete from mt_events where stream_id = $1", caseId);
        Found(await server.AuditBothWaysAsync(caseId), "stream-events-missing");
    }

    [Fact]
    public async Task events_cut_off_the_end_of_a_stream_are_found()
    {
        var caseId = await CaseAsync();
        var last = (await Log.ReadAsync(caseId))[^1].Version;
        await TamperAsync("delete from mt_events where stream_id = $1 and version >= $2", caseId, last - 1);
        Found(await server.AuditBothWaysAsync(caseId), "stream-end-missing", last - 1);
    }

    [Fact]
    public async Task a_deleted_stream_row_is_found()
    {
        var caseId = await CaseAsync();
        await TamperAsync("delete from mt_streams where id = $1", caseId);
        Found(await server.AuditBothWaysAsync(caseId), "stream-row-missing");
    }

    [Fact]
    public async Task an_event_moved_to_another_case_is_found_in_both()
    {
        var from = await CaseAsync();
        var to = await CaseAsync();
        await TamperAsync("update mt_events set stream_id = $2, version = 100 where stream_id = $1 and version = 4", from, to);
        var findings = await server.AuditBothWaysAsync();
        Found([.. findings.Where(f => f.Stream == from)], "version-gap", 5);
        Found([.. findings.Where(f => f.Stream == to)], "chain-hash-mismatch", 100);
    }

    [Fact]
    public async Task the_last_event_disguised_as_a_tombstone_is_found_by_the_checkpoint_and_the_stream_row()
    {
        var caseId = await CaseAsync();
        var checkpoint = await server.App.Services.GetRequiredService<CheckpointService>().CreateAsync();
        var last = (await Log.ReadAsync(caseId))[^1];
        await TamperAsync($$"""
            update mt_events set stream_id = '{{Tombstones.Stream}}', version = seq_id, type = 'tombstone', data = '{}', user_name = null, headers = null
            where seq_id = $1
            """, last.Sequence);
        var findings = await server.AuditBothWaysAsync();
        Found([.. findings.Where(f => f.Stream == caseId)], "stream-end-missing", last.Version);
        Assert.Contains(findings, f => f.Stream == AuditService.LogStream && f.Code == "checkpoint-mismatch"
            && f.Message.StartsWith($"Checkpoint of {checkpoint.TreeSize} events", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_row_of_the_tombstone_stream_that_carries_anything_is_found()
    {
        var caseId = await CaseAsync();
        await TamperAsync($"""
            insert into mt_events (id, seq_id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type)
            select gen_random_uuid(), s, '{Tombstones.Stream}', s, jsonb_build_object('caseId', $1::text), 'tombstone', now(), '*DEFAULT*', 'x'
            from (select nextval(pg_get_serial_sequence('mt_events', 'seq_id')) as s) n
            """, caseId);
        Found([.. (await server.AuditBothWaysAsync()).Where(f => f.Stream == Tombstones.Stream)], "tombstone-not-bare");
    }
}
