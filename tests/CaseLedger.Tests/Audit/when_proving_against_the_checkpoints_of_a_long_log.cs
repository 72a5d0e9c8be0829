using CaseLedger.Audit;
using CaseLedger.Domain.Penalty;
using CaseLedger.Testing;
using CaseLedger.Tests.Contracts;
using CaseLedger.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CaseLedger.Tests.Audit;

/// <summary>
/// Proofs are made on the tree kept for them (<see cref="SignedLogTree"/>), grown by each checkpoint and reading back only the
/// groups of leaves a proof needs: every one of them still leads to the signed roots, for old checkpoints and new.
/// </summary>
public class when_proving_against_the_checkpoints_of_a_long_log(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private CheckpointService Checkpoints => engine.Host.Services.GetRequiredService<CheckpointService>();
    private StoredLog Log => engine.Host.Services.GetRequiredService<StoredLog>();

    [Fact]
    public async Task proofs_against_every_checkpoint_verify_and_an_altered_event_no_longer_proves()
    {
        var caseId = await CaseWithEvidenceAsync(3 * SignedLogTree.GroupSpan);
        var first = await Checkpoints.CreateAsync();
        var second = await Checkpoints.CreateAsync();
        Assert.Equal(first.TreeSize, second.TreeSize);

        // Proofs before the next checkpoint: the tree is built up to the first one.
        await AssertProvesAsync(first, (await Log.ReadAsync(caseId)).Select(e => e.Sequence));

        await AppendEvidenceAsync(caseId, 3 * SignedLogTree.GroupSpan, 2 * SignedLogTree.GroupSpan + 5);
        var third = await Checkpoints.CreateAsync();
        await AppendEvidenceAsync(caseId, 5 * SignedLogTree.GroupSpan + 5, 40);
        var fourth = await Checkpoints.CreateAsync();
        var events = await Log.ReadAsync(caseId);
        foreach (var checkpoint in new[] { first, third, fourth })
            await AssertProvesAsync(checkpoint, events.Where(e => e.Sequence <= checkpoint.HighWaterSequence).Select(e => e.Sequence));
        foreach (var (from, to) in new[] { (first, third), (first, fourth), (third, fourth), (fourth, fourth) })
        {
            var proof = (await Checkpoints.ConsistencyAsync(from.TreeSize, to.TreeSize))!;
            Assert.Null(Merkle.VerifyConsistency(from.TreeSize, to.TreeSize, Hash(from.RootHash), Hash(to.RootHash), [.. proof.Proof.Select(Hash)]));
        }

        // An event altered in the store: its own proof no longer leads to the signed root, one far from it still does.
        var altered = events[5];
        Assert.Equal(1, await Superuser.ExecuteAsync(engine.Host.Services.GetRequiredService<NpgsqlDataSource>(),
            $"update {Log.Table("mt_events")} set headers = jsonb_build_object('{EventChain.Header}', repeat('1', 64)) where seq_id = $1", altered.Sequence));
        Assert.False(await VerifiesAsync(fourth, altered.Sequence));
        Assert.True(await VerifiesAsync(fourth, events[^1].Sequence));
        var (_, findings) = await Checkpoints.VerifyAllAsync();
        Assert.NotEmpty(findings);
    }

    private async Task AssertProvesAsync(Checkpoint checkpoint, IEnumerable<long> sequences)
    {
        foreach (var sequence in sequences) Assert.True(await VerifiesAsync(checkpoint, sequence), $"event {sequence} in the checkpoint of {checkpoint.TreeSize}");
    }

    private async Task<bool> VerifiesAsync(Checkpoint checkpoint, long sequence)
    {
        var proof = (await Checkpoints.InclusionAsync(sequence, checkpoint.TreeSize))!;
        Assert.Equal(sequence, proof.Sequence);
        return Merkle.VerifyInclusion(proof.LeafIndex, proof.TreeSize, Hash(proof.LeafHash), [.. proof.AuditPath.Select(Hash)], Hash(checkpoint.RootHash)) is null;
    }

    private static byte[] Hash(string hex) => EventChain.ParseHex(hex)!;

    private async Task<string> CaseWithEvidenceAsync(int evidence)
    {
        var caseId = Guid.CreateVersion7().ToString();
        await using (var session = engine.Store.LightweightSession())
        {
            session.Events.StartStream(caseId, (LeadRegistered)SampleValues.Of(typeof(LeadRegistered)) with { CaseId = caseId });
            await session.SaveChangesAsync();
        }
        await AppendEvidenceAsync(caseId, 0, evidence);
        return caseId;
    }

    private async Task AppendEvidenceAsync(string caseId, int from, int count)
    {
        var evidence = (EvidenceCollected)SampleValues.Of(typeof(EvidenceCollected)) with { CaseId = caseId };
        await using var session = engine.Store.LightweightSession();
        session.Events.Append(caseId, [.. Enumerable.Range(from, count).Select(i => (object)(evidence with { EvidenceId = $"E{i}" }))]);
        await session.SaveChangesAsync();
    }
}
