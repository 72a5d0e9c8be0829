using CaseLedger.Audit;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CaseLedger.Server.Tests.Support;

/// <summary>Checkpoints signed and checked against every stored leaf, and checkpoint documents changed with SQL.</summary>
public static class CheckpointScenarios
{
    public static async Task AppendEventsAsync(this ServerFixture server, int events)
    {
        for (var i = 0; i < events; i++) await server.AgencyAsync();
    }

    /// <summary>Signs a checkpoint and checks its size and root against all stored leaves, and its stored frontier against its root.</summary>
    public static async Task<Checkpoint> CheckpointMatchingAllLeavesAsync(this ServerFixture server)
    {
        var checkpoints = server.App.Services.GetRequiredService<CheckpointService>();
        var checkpoint = await checkpoints.CreateAsync();
        var leaves = await server.App.Services.GetRequiredService<StoredLog>().LeavesAsync(checkpoint.HighWaterSequence);
        var root = EventChain.Hex(Merkle.Root([.. leaves.Select(l => Checkpoint.LeafHash(l.Sequence, l.ChainHash))]));
        Assert.Equal((leaves.Count, root), (checkpoint.TreeSize, checkpoint.RootHash));
        Assert.True(CheckpointKey.Verify(checkpoints.Key.PublicKeyPem, checkpoint.Statement(), checkpoint.Signature));
        await using var session = server.Store.QuerySession();
        var stored = await session.LoadAsync<Checkpoint>(checkpoint.Id);
        Assert.Equal(root, EventChain.Hex(Merkle.RootOfFrontier([.. stored!.Frontier!.Select(h => EventChain.ParseHex(h)!)])));
        return checkpoint;
    }

    public static async Task SqlOnCheckpointAsync(this ServerFixture server, Checkpoint checkpoint, string set, params object[] parameters)
    {
        // As a superuser would: the checkpoints are append-only for every ordinary session (AppendOnlyGuard).
        var dataSource = server.App.Services.GetRequiredService<NpgsqlDataSource>();
        var table = server.App.Services.GetRequiredService<StoredLog>().Table("mt_doc_checkpoint");
        Assert.Equal(1, await CaseLedger.Testing.Superuser.ExecuteAsync(dataSource, $"update {table} set data = {set} where id = $1", [checkpoint.Id, .. parameters]));
    }
}
