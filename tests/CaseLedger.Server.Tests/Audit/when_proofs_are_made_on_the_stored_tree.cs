using CaseLedger.Audit;
using CaseLedger.Hosting;
using CaseLedger.Publicity;
using CaseLedger.Server.Tests.Support;
using CaseLedger.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;

namespace CaseLedger.Server.Tests.Audit;

/// <summary>
/// The interior of the log's Merkle tree is stored as the checkpoints are signed (<see cref="LogTreeNodes"/>), so that a process
/// that has just started proves an event, audits one case or exports it by reading a few dozen rows, not every leaf of the log.
/// The nodes are not signed: a proof made on them is used only once it leads to the signed root, else it is made again from the
/// leaves. The proofs stay RFC 9162's and pass the offline verifier.
/// </summary>
public class when_proofs_are_made_on_the_stored_tree(ServerFixture server) : IClassFixture<ServerFixture>
{
    private StoredLog Log => server.App.Services.GetRequiredService<StoredLog>();

    /// <summary>The checkpoint service of a process that has just started: nothing of the log kept in memory.</summary>
    public CheckpointService NewProcess() => new(Log, server.Store, server.App.Services.GetRequiredService<CaseLedgerSettings>(), server.Clock,
        server.App.Services.GetRequiredService<ILogger<CheckpointService>>());

    /// <summary>A case, with enough other cases around it that its proofs run through stored nodes of several levels, then signed.</summary>
    public async Task<(string CaseId, Checkpoint Checkpoint)> SignedCaseAmongOthersAsync()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.NotifiedCaseAsync(staff, fine: 3_000m);
        var checkpoints = server.App.Services.GetRequiredService<CheckpointService>();
        for (var batch = 0; (await checkpoints.CreateAsync()).TreeSize < 4 * SignedLogTree.GroupSpan; batch++)
        {
            Assert.True(batch < 40, "the log does not grow");
            await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => server.FiledCaseAsync(staff)));
        }
        return (caseId, (await checkpoints.LatestAsync())!);
    }

    [Fact]
    public async Task a_new_process_proves_audits_and_exports_a_case_without_reading_the_whole_log()
    {
        var (caseId, checkpoint) = await SignedCaseAmongOthersAsync();
        var leaves = await server.App.Services.GetRequiredService<CheckpointService>().LeavesAsync(checkpoint.HighWaterSequence);
        var fresh = NewProcess();

        foreach (var e in await Log.ReadAsync(caseId))
        {
            var proof = await fresh.InclusionAsync(e.Sequence, checkpoint.TreeSize);
            Assert.NotNull(proof);
            // RFC 9162's path, as made from every leaf.
            Assert.Equal(Merkle.InclusionPath([.. leaves.Select(l => l.Hash)], (int)proof.LeafIndex, (int)checkpoint.TreeSize).Select(h => EventChain.Hex(h)),
                proof.AuditPath);
            Assert.True(PublishedDecisions.Verifies(proof));
        }
        var first = (await fresh.ListAsync()).First(c => c.TreeSize > 0 && c.TreeSize < checkpoint.TreeSize);
        var consistency = await fresh.ConsistencyAsync(first.TreeSize, checkpoint.TreeSize);
        Assert.Null(Merkle.VerifyConsistency(first.TreeSize, checkpoint.TreeSize, EventChain.ParseHex(first.RootHash)!, EventChain.ParseHex(checkpoint.RootHash)!,
            [.. consistency!.Proof.Select(p => EventChain.ParseHex(p)!)]));

        var auditor = new AuditService(Log, server.Store, fresh, server.App.Services.GetRequiredService<ReadModelCheck>(), server.Clock);
        Assert.Equal(["deadline-missed:decision"], (await auditor.VerifyAsync(caseId)).FindingsOf(caseId).Select(f => f.Code));
        var export = await new ExportBuilder(Log, fresh).BuildAsync(caseId);
        var verified = ExportVerifier.Verify(ExportBuilder.Write(export), fresh.Key.PublicKeyPem);
        Assert.True(verified.Verified, string.Join("; ", verified.Problems));

        // The case's head, as the checkpoint signed it, from its block of stored heads.
        var head = await fresh.StreamHeadAsync(caseId, checkpoint.TreeSize);
        Assert.Equal((await Log.ReadAsync(caseId))[^1].Version, head!.Head.Version);
        Assert.Null(Merkle.VerifyInclusion(head.LeafIndex, head.StreamCount, StreamHeads.LeafHash(head.Head), [.. head.AuditPath.Select(p => EventChain.ParseHex(p)!)],
            EventChain.ParseHex(checkpoint.StreamsRoot)!));

        Assert.False(fresh.LogTreeBuiltInMemory);
        Assert.Equal(0, fresh.ProofsMadeAgainFromLeaves);
        Assert.Equal(0, fresh.HeadsReadFromEvents);
    }

    [Fact]
    public async Task the_stored_nodes_are_the_roots_of_the_signed_tree_s_subtrees()
    {
        var (_, checkpoint) = await SignedCaseAmongOthersAsync();
        var leaves = (await server.App.Services.GetRequiredService<CheckpointService>().LeavesAsync(checkpoint.HighWaterSequence)).Select(l => l.Hash).ToList();
        await using var command = server.App.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            $"select level, idx, hash from {Log.Table(LogTreeNodes.NodesTable)} order by level, idx");
        await using var reader = await command.ExecuteReaderAsync();
        var count = 0;
        while (await reader.ReadAsync())
        {
            var span = SignedLogTree.GroupSpan << reader.GetInt32(0);
            var start = (int)(reader.GetInt64(1) * span);
            if (start + span > leaves.Count) continue;
            Assert.Equal(EventChain.Hex(Merkle.Root(leaves.GetRange(start, span))), EventChain.Hex((byte[])reader[2]));
            count++;
        }
        Assert.True(count >= 4);
    }
}

/// <summary>A store of its own: the stored nodes and heads are forged here, and neither may be taken for what was signed.</summary>
public class when_the_stored_tree_is_forged(ServerFixture server) : IClassFixture<ServerFixture>
{
    private readonly when_proofs_are_made_on_the_stored_tree _signed = new(server);

    private StoredLog Log => server.App.Services.GetRequiredService<StoredLog>();

    [Fact]
    public async Task a_forged_node_makes_the_stored_proof_fail_and_the_proof_is_made_again_from_the_leaves()
    {
        var (caseId, checkpoint) = await _signed.SignedCaseAmongOthersAsync();
        // Every stored node replaced by another hash: no proof through them can lead to the signed root.
        await Superuser.ExecuteAsync(server.App.Services.GetRequiredService<NpgsqlDataSource>(),
            $"update {Log.Table(LogTreeNodes.NodesTable)} set hash = sha256(hash)");
        var fresh = _signed.NewProcess();
        var events = await Log.ReadAsync(caseId);

        var proof = await fresh.InclusionAsync(events[0].Sequence, checkpoint.TreeSize);
        Assert.True(PublishedDecisions.Verifies(proof!));
        Assert.Equal(1, fresh.ProofsMadeAgainFromLeaves);
        Assert.True(fresh.LogTreeBuiltInMemory);

        // The one-case audit says what it said before the nodes were forged: they are not the case's.
        var auditor = new AuditService(Log, server.Store, fresh, server.App.Services.GetRequiredService<ReadModelCheck>(), server.Clock);
        var report = await auditor.VerifyAsync(caseId);
        Assert.Equal(["deadline-missed:decision"], report.FindingsOf(caseId).Select(f => f.Code));
        Assert.Empty(report.FindingsOf(AuditService.LogStream));
    }

    [Fact]
    public async Task a_forged_stored_head_does_not_prove_and_the_heads_are_read_from_the_events()
    {
        var (caseId, checkpoint) = await _signed.SignedCaseAmongOthersAsync();
        // The stored head of the case set back one version, as one would who cut off its last event; the events are left whole.
        var last = (await Log.ReadAsync(caseId))[^1];
        await Superuser.ExecuteAsync(server.App.Services.GetRequiredService<NpgsqlDataSource>(),
            $"update {Log.Table(StreamHeadNodes.HeadsTable)} set version = $2 where stream = $1", caseId, last.Version - 1);
        var fresh = _signed.NewProcess();

        // The forged head does not lead to the signed streams root: the heads are read from the events, and the signed one is proved.
        var head = await fresh.StreamHeadAsync(caseId, checkpoint.TreeSize);
        Assert.Equal(last.Version, head!.Head.Version);
        Assert.Equal(1, fresh.HeadsReadFromEvents);
        var auditor = new AuditService(Log, server.Store, _signed.NewProcess(), server.App.Services.GetRequiredService<ReadModelCheck>(), server.Clock);
        Assert.DoesNotContain((await auditor.VerifyAsync(caseId)).Findings, f => f.Kind == "checkpoint-mismatch");
    }
}
