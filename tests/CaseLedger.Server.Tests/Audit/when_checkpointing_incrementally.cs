using System.Text.Json;
using CaseLedger.Audit;
using CaseLedger.Server.Tests.Support;
using CaseLedger.Testing;
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

    [Fact]
    public async Task a_sequence_of_checkpoints_has_the_sizes_and_roots_of_all_stored_leaves()
    {
        await server.CheckpointMatchingAllLeavesAsync();
        foreach (var events in new[] { 1, 1, 2, 3, 5, 8, 13, 1, 4, 16 })
        {
            await server.AppendEventsAsync(events);
            await server.CheckpointMatchingAllLeavesAsync();
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
        await server.AppendEventsAsync(3);
        var altered = await server.CheckpointMatchingAllLeavesAsync();
        await server.SqlOnCheckpointAsync(altered, alteration);

        await server.AppendEventsAsync(5);
        var next = await server.CheckpointMatchingAllLeavesAsync();
        Assert.True(next.TreeSize > altered.TreeSize);
        await server.AppendEventsAsync(2);
        await server.CheckpointMatchingAllLeavesAsync();
        Assert.Empty((await Checkpoints.VerifyAllAsync()).Findings);
    }

    [Fact]
    public async Task a_checkpoint_made_before_frontiers_were_kept_is_continued_from_all_leaves_once()
    {
        await server.AppendEventsAsync(6);
        var old = await server.CheckpointMatchingAllLeavesAsync();
        await server.SqlOnCheckpointAsync(old, "data - 'frontier'");
        await using (var session = server.Store.QuerySession())
            Assert.Null((await session.LoadAsync<Checkpoint>(old.Id))!.Frontier);

        await server.AppendEventsAsync(7);
        await server.CheckpointMatchingAllLeavesAsync();
        await server.AppendEventsAsync(9);
        await server.CheckpointMatchingAllLeavesAsync();
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

        Assert.Equal(1, await Superuser.ExecuteAsync(server.App.Services.GetRequiredService<NpgsqlDataSource>(),
            $"update {log.Table("mt_events")} set headers = jsonb_set(headers, '{{chainHash}}', to_jsonb(repeat('0', 64))) where stream_id = $1", agency));
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

public class when_a_frontier_is_altered_together_with_its_root(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task the_signature_no_longer_verifies_and_the_frontier_is_not_trusted()
    {
        await server.AppendEventsAsync(3);
        var altered = await server.CheckpointMatchingAllLeavesAsync();
        var frontier = altered.Frontier!.ToList();
        frontier[^1] = new string('0', 64);
        var root = EventChain.Hex(Merkle.RootOfFrontier([.. frontier.Select(h => EventChain.ParseHex(h)!)]));
        await server.SqlOnCheckpointAsync(altered, "jsonb_set(jsonb_set(data, '{frontier}', $2::jsonb), '{rootHash}', to_jsonb($3::text))",
            JsonSerializer.Serialize(frontier), root);

        await server.AppendEventsAsync(4);
        await server.CheckpointMatchingAllLeavesAsync();
        Assert.Contains((await server.App.Services.GetRequiredService<CheckpointService>().VerifyAllAsync()).Findings,
            f => f.Code == "checkpoint-signature-invalid" && f.Message.StartsWith($"Checkpoint of {altered.TreeSize} events", StringComparison.Ordinal));
    }
}
