using CaseLedger.Audit;
using CaseLedger.Server.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CaseLedger.Server.Tests.Audit;

/// <summary>
/// Each checkpoint continues from the frontier stored with the latest one and reads only the events since; its tree size
/// and root are those of every stored event, and a missing or altered frontier costs one full read, never a wrong root.
/// </summary>
public class when_checkpointing_incrementally(ServerFixture server) : IClassFixture<ServerFixture>
{
    private CheckpointService Checkpoints => server.App.Services.GetRequiredService<CheckpointService>();
    private StoredLog Log => server.App.Services.GetRequiredService<StoredLog>();

    private async Task AppendAsync(int events)
    {
        for (var i = 0; i < events; i++) await server.AgencyAsync();
    }

    /// <summary>The tree size and root of every stored event up to the mark, from all leaves.</summary>
    private async Task<(long Size, string Root)> FromAllLeavesAsync(long highWater)
    {
        var leaves = await Log.LeavesAsync(highWater);
        return (leaves.Count, EventChain.Hex(Merkle.Root([.. leaves.Select(l => Checkpoint.LeafHash(l.Sequence, l.ChainHash))])));
    }

    private async Task<Checkpoint> CheckpointMatchingAllLeavesAsync()
    {
        var checkpoint = await Checkpoints.CreateAsync();
        Assert.Equal(await FromAllLeavesAsync(checkpoint.HighWaterSequence), (checkpoint.TreeSize, checkpoint.RootHash));
        Assert.True(CheckpointKey.Verify(Checkpoints.Key.PublicKeyPem, checkpoint.Statement(), checkpoint.Signature));
        await using var session = server.Store.QuerySession();
        var stored = await session.LoadAsync<Checkpoint>(checkpoint.Id);
        Assert.Equal(checkpoint.RootHash, EventChain.Hex(Merkle.RootOfFrontier([.. stored!.Frontier!.Select(h => EventChain.ParseHex(h)!)])));
        return checkpoint;
    }

    private async Task SqlOnCheckpointAsync(Checkpoint checkpoint, string set)
    {
        var dataSource = server.App.Services.GetRequiredService<NpgsqlDataSource>();
        await using var command = dataSource.CreateCommand($"update {Log.Table("mt_doc_checkpoint")} set data = {set} where id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = checkpoint.Id });
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task a_sequence_of_checkpoints_has_the_sizes_and_roots_of_all_stored_leaves()
    {
        await CheckpointMatchingAllLeavesAsync();
        foreach (var events in new[] { 1, 1, 2, 3, 5, 8, 13, 1, 4, 16 })
        {
            await AppendAsync(events);
            await CheckpointMatchingAllLeavesAsync();
        }
        var (count, findings) = await Checkpoints.VerifyAllAsync();
        Assert.True(count >= 11);
        Assert.Empty(findings);
    }

    [Theory]
    [InlineData("jsonb_set(data, '{frontier,0}', to_jsonb(repeat('0', 64)))")]
    [InlineData("jsonb_set(data, '{frontier}', (data->'frontier') - -1)")]
    [InlineData("jsonb_set(data, '{frontier}', (data->'frontier') || to_jsonb(repeat('a', 64)))")]
    [InlineData("jsonb_set(data, '{frontier}', '[\"not a hash\"]')")]
    [InlineData("jsonb_set(data, '{frontier}', '[]')")]
    public async Task an_altered_frontier_does_not_poison_the_next_checkpoint(string alteration)
    {
        await AppendAsync(3);
        var altered = await CheckpointMatchingAllLeavesAsync();
        await SqlOnCheckpointAsync(altered, alteration);

        await AppendAsync(5);
        var next = await CheckpointMatchingAllLeavesAsync();
        Assert.True(next.TreeSize > altered.TreeSize);
        await AppendAsync(2);
        await CheckpointMatchingAllLeavesAsync();
        Assert.Empty((await Checkpoints.VerifyAllAsync()).Findings);
    }

    [Fact]
    public async Task a_checkpoint_made_before_frontiers_were_kept_is_continued_from_all_leaves_once()
    {
        await AppendAsync(6);
        var old = await CheckpointMatchingAllLeavesAsync();
        await SqlOnCheckpointAsync(old, "data - 'frontier'");
        await using (var session = server.Store.QuerySession())
            Assert.Null((await session.LoadAsync<Checkpoint>(old.Id))!.Frontier);

        await AppendAsync(7);
        await CheckpointMatchingAllLeavesAsync();
        await AppendAsync(9);
        await CheckpointMatchingAllLeavesAsync();
        Assert.Empty((await Checkpoints.VerifyAllAsync()).Findings);
    }
}

/// <summary>
/// The events below a checkpoint's mark are not read again: a later checkpoint extends the tree that was signed, even
/// when those events were changed since; the auditor's check rebuilds every checkpoint from the stored events and finds it.
/// </summary>
public class when_events_below_a_checkpoint_are_changed(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task the_next_checkpoint_extends_the_signed_tree_and_the_audit_still_finds_the_change()
    {
        var checkpoints = server.App.Services.GetRequiredService<CheckpointService>();
        var log = server.App.Services.GetRequiredService<StoredLog>();
        var agency = await server.AgencyAsync();
        await server.AgencyAsync();
        var first = await checkpoints.CreateAsync();
        var signedLeaves = (await log.LeavesAsync(first.HighWaterSequence)).Select(l => Checkpoint.LeafHash(l.Sequence, l.ChainHash)).ToList();

        var dataSource = server.App.Services.GetRequiredService<NpgsqlDataSource>();
        await using (var command = dataSource.CreateCommand(
            $"update {log.Table("mt_events")} set headers = jsonb_set(headers, '{{chainHash}}', to_jsonb(repeat('0', 64))) where stream_id = $1"))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = agency });
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }
        await server.AgencyAsync();
        await server.AgencyAsync();
        var second = await checkpoints.CreateAsync();

        var newLeaves = (await log.LeavesAsync(first.HighWaterSequence, second.HighWaterSequence)).Select(l => Checkpoint.LeafHash(l.Sequence, l.ChainHash));
        List<byte[]> extended = [.. signedLeaves, .. newLeaves];
        Assert.Equal((extended.Count, EventChain.Hex(Merkle.Root(extended))), (second.TreeSize, second.RootHash));

        var findings = (await checkpoints.VerifyAllAsync()).Findings;
        Assert.Contains(findings, f => f.Code == "checkpoint-mismatch" && f.Message.StartsWith($"Checkpoint of {first.TreeSize} events", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Code == "checkpoint-mismatch" && f.Message.StartsWith($"Checkpoint of {second.TreeSize} events", StringComparison.Ordinal));
    }
}
