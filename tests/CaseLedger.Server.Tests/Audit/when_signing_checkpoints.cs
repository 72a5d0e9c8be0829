using System.Text;
using System.Text.Json.Nodes;
using CaseLedger.Audit;
using CaseLedger.Hosting;
using CaseLedger.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CaseLedger.Server.Tests.Audit;

/// <summary>A server that signs a checkpoint every ten events.</summary>
public sealed class CheckpointEveryTenEvents : ServerFixture
{
    protected override CaseLedgerSettings Configure(CaseLedgerSettings settings) => settings with { CheckpointEvery = 10 };
}

public class when_signing_checkpoints(CheckpointEveryTenEvents server) : IClassFixture<CheckpointEveryTenEvents>
{
    private async Task<string> PublicKeyAsync()
    {
        var response = await server.Client().GetAsync("/api/audit/public-key");
        Assert.Equal("application/x-pem-file", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<JsonArray> CheckpointsAsync() => (await (await server.Client().GetAsync("/api/audit/checkpoints")).AssertOkAsync()).AsArray();

    private async Task<JsonNode> CheckpointNowAsync() =>
        await (await server.Client().PostJsonAsync("/api/audit/checkpoints", new { })).AssertOkAsync(201);

    private static byte[] Hex(JsonNode? node) => Convert.FromHexString((string)node!);

    [Fact]
    public async Task a_checkpoint_is_signed_in_the_background_every_n_events_with_the_published_key()
    {
        var staff = await server.StaffAsync();
        await server.NotifiedCaseAsync(staff, fine: 3_000m);

        // Waits for the condition (the background checkpointer has signed), polling, up to a generous bound.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var checkpoints = await CheckpointsAsync();
        while (checkpoints.Count == 0 && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20);
            checkpoints = await CheckpointsAsync();
        }
        Assert.NotEmpty(checkpoints);
        var key = await PublicKeyAsync();
        Assert.Contains("BEGIN PUBLIC KEY", key, StringComparison.Ordinal);
        foreach (var c in checkpoints)
        {
            var statement = Encoding.UTF8.GetBytes((string)c!["statement"]!);
            Assert.True(CheckpointKey.Verify(key, statement, (string)c["signature"]!));
            var parsed = JsonNode.Parse(statement)!;
            Assert.Equal((long)c["treeSize"]!, (long)parsed["treeSize"]!);
            Assert.Equal((string?)c["rootHash"], (string?)parsed["rootHash"]);
            Assert.Equal(CheckpointKey.KeyIdOfPem(key), (string?)parsed["keyId"]);
        }
    }

    [Fact]
    public async Task on_demand_a_checkpoint_covers_every_settled_event_and_only_auditors_and_admins_may_ask()
    {
        await server.AgencyAsync();
        var checkpoint = await CheckpointNowAsync();
        var log = server.App.Services.GetRequiredService<StoredLog>();
        // Every event but the record of this checkpoint itself (checkpoint_signed), which the next one covers.
        var all = await log.ReadInSequenceAsync(long.MaxValue);
        Assert.Equal(CaseLedger.Commands.StreamKeys.Checkpoints, all[^1].Stream);
        var events = all.Take(all.Count - 1).ToList();
        Assert.Equal(events.Count, (long)checkpoint["treeSize"]!);
        Assert.Equal(events[^1].Sequence, (long)checkpoint["highWaterSequence"]!);

        var staff = await server.StaffAsync();
        var (_, officerToken) = await server.OfficerAsync(staff.AgencyId);
        await (await server.Client(officerToken).PostJsonAsync("/api/audit/checkpoints", new { })).AssertProblemAsync(403, "forbidden");
    }

    [Fact]
    public async Task every_event_of_a_case_has_an_inclusion_proof_that_leads_to_the_signed_root()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.NotifiedCaseAsync(staff, fine: 3_000m);
        var checkpoint = await CheckpointNowAsync();
        var size = (long)checkpoint["treeSize"]!;
        var root = Hex(checkpoint["rootHash"]);
        var events = await server.App.Services.GetRequiredService<StoredLog>().ReadAsync(caseId);

        foreach (var e in events)
        {
            var proof = await (await server.Client().GetAsync($"/api/audit/proofs/inclusion?sequence={e.Sequence}&treeSize={size}")).AssertOkAsync();
            Assert.Equal(e.ChainHash, (string?)proof["chainHash"]);
            var leaf = Checkpoint.LeafHash(e.Sequence, e.ChainHash);
            var path = proof["auditPath"]!.AsArray().Select(Hex).ToList();
            Assert.Null(Merkle.VerifyInclusion((long)proof["leafIndex"]!, size, leaf, path, root));
        }
        await (await server.Client().GetAsync($"/api/audit/proofs/inclusion?sequence=999999999&treeSize={size}")).AssertProblemAsync(404, "not-found");
        await (await server.Client().GetAsync("/api/audit/proofs/inclusion")).AssertProblemAsync(400, "validation-failed");
    }

    [Fact]
    public async Task a_consistency_proof_shows_an_earlier_checkpoint_is_a_prefix_of_a_later_one()
    {
        var first = await CheckpointNowAsync();
        await server.AgencyAsync();
        var second = await CheckpointNowAsync();
        long from = (long)first["treeSize"]!, to = (long)second["treeSize"]!;
        Assert.True(to > from);

        var proof = await (await server.Client().GetAsync($"/api/audit/proofs/consistency?from={from}&to={to}")).AssertOkAsync();
        var elements = proof["proof"]!.AsArray().Select(Hex).ToList();
        Assert.Null(Merkle.VerifyConsistency(from, to, Hex(first["rootHash"]), Hex(second["rootHash"]), elements));
        await (await server.Client().GetAsync($"/api/audit/proofs/consistency?from={to}&to={from}")).AssertProblemAsync(404, "not-found");
    }
}

public class when_settling_the_high_water_mark(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task a_checkpoint_waits_for_a_transaction_that_holds_a_lower_sequence_and_then_includes_its_event()
    {
        var log = server.App.Services.GetRequiredService<StoredLog>();
        var dataSource = server.App.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();
        var agency = await server.AgencyAsync();

        // A writer that drew a sequence and has not committed yet.
        await using var held = await dataSource.OpenConnectionAsync();
        await using var transaction = await held.BeginTransactionAsync();
        await using (var insert = new Npgsql.NpgsqlCommand($"""
            insert into {log.Table("mt_events")} (id, seq_id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, user_name, headers)
            select gen_random_uuid(), nextval(pg_get_serial_sequence('{log.Table("mt_events")}', 'seq_id')), stream_id, version + 1, data, type,
                   timestamp, tenant_id, mt_dotnet_type, user_name, headers
            from {log.Table("mt_events")} where stream_id = $1 and version = 1
            """, held, transaction))
        {
            insert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = agency });
            await insert.ExecuteNonQueryAsync();
        }
        var later = await server.AgencyAsync();
        var laterSequence = (await log.ReadAsync(later)).Single().Sequence;

        var checkpoint = server.App.Services.GetRequiredService<CheckpointService>().CreateAsync();
        // The condition: the checkpoint is waiting for the open transaction (its wait query is seen running).
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var seenWaiting = false;
        while (!seenWaiting && !checkpoint.IsCompleted && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await using var probe = dataSource.CreateCommand(
                "select count(*) from pg_stat_activity where query like '%unnest($1::int[], $2::timestamptz[])%' and pid <> pg_backend_pid()");
            seenWaiting = (long)(await probe.ExecuteScalarAsync())! > 0;
        }
        Assert.True(seenWaiting);
        Assert.False(checkpoint.IsCompleted);

        await transaction.CommitAsync();
        var signed = await checkpoint;
        Assert.True(signed.HighWaterSequence >= laterSequence);
        var leaves = await log.LeavesAsync(signed.HighWaterSequence);
        Assert.Equal(leaves.Count, signed.TreeSize);
        var (_, findings) = await server.App.Services.GetRequiredService<CheckpointService>().VerifyAllAsync();
        Assert.Empty(findings);
    }
}
