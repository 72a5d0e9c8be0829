using System.Text.Json.Nodes;
using CaseLedger.Audit;
using CaseLedger.Server.Tests.Support;
using CaseLedger.Subscriptions;
using Microsoft.Extensions.DependencyInjection;
using WebhookSubscriber;

namespace CaseLedger.Server.Tests.Audit;

/// <summary>
/// Each signed checkpoint reaches integrators as the CloudEvent <c>caseledger.audit.checkpoint_signed.v1</c> through the
/// existing feed and webhooks (issue 19 item 5), and the CloudEvent kept is a witness <c>verify --since</c> takes.
/// </summary>
public sealed class when_integrators_keep_checkpoints(IntegrationFixture server) : ReceiverTests(server.Clock), IClassFixture<IntegrationFixture>
{
    private CheckpointService Checkpoints => server.App.Services.GetRequiredService<CheckpointService>();

    [Fact]
    public async Task a_webhook_delivers_each_signed_checkpoint_and_the_kept_cloud_event_pins_a_later_export()
    {
        var staff = await server.StaffAsync();
        var mark = await server.FeedMarkAsync();
        await server.SubscribeAsync(Receiver, new { eventTypes = new[] { FeedTypes.CheckpointSigned }, after = mark });
        await server.FiledCaseAsync(staff);
        var checkpoint = await Checkpoints.CreateAsync();

        await Receiver.UntilAsync(r => r.Any(x => (string?)x.Event["data"]!["rootHash"] == checkpoint.RootHash), "the checkpoint as a CloudEvent");
        var kept = Receiver.Received.Single(x => (string?)x.Event["data"]!["rootHash"] == checkpoint.RootHash);
        Assert.Equal(SignatureCheck.Valid, kept.Check);
        Assert.Equal(FeedTypes.CheckpointSigned, (string?)kept.Event["type"]);
        Assert.Equal("/audit/checkpoints", (string?)kept.Event["source"]);
        Assert.All(Receiver.Received, r => Assert.Equal(FeedTypes.CheckpointSigned, (string?)r.Event["type"]));
        Assert.Equal(checkpoint.Signature, (string?)kept.Event["data"]!["signature"]);

        await server.FiledCaseAsync(staff);
        var export = ExportBuilder.Write(await server.App.Services.GetRequiredService<ExportBuilder>().BuildAsync(null));
        var result = ExportVerifier.Verify(export, Checkpoints.Key.PublicKeyPem, kept.Event.ToJsonString());
        Assert.True(result.Verified, string.Join("\n", result.Problems));
        // Over HTTP: the consistency proof from the size the witness kept to the latest checkpoint.
        var proof = await (await server.Client().GetAsync($"/api/audit/proofs/consistency?from={(long)kept.Event["data"]!["treeSize"]!}")).AssertOkAsync();
        var latest = (await Checkpoints.LatestAsync())!;
        Assert.Equal(latest.TreeSize, (long)proof["to"]!);
        Assert.Null(Merkle.VerifyConsistency(checkpoint.TreeSize, latest.TreeSize, EventChain.ParseHex((string?)kept.Event["data"]!["rootHash"])!,
            EventChain.ParseHex(latest.RootHash)!, [.. proof["proof"]!.AsArray().Select(h => EventChain.ParseHex((string?)h)!)]));
        var forged = kept.Event.DeepClone();
        forged["data"]!["rootHash"] = new string('0', 64);
        Assert.False(ExportVerifier.Verify(export, Checkpoints.Key.PublicKeyPem, forged.ToJsonString()).Verified);
    }

    [Fact]
    public async Task the_feed_shows_checkpoints_to_those_granted_their_type_whatever_their_agencies_and_to_no_one_else()
    {
        var staff = await server.StaffAsync();
        var mark = await server.FeedMarkAsync();
        await server.FiledCaseAsync(staff);
        var checkpoint = await Checkpoints.CreateAsync();
        var elsewhere = await server.NewStaffAsync();
        var witness = await server.IntegratorAsync(staff.AgencyId, [elsewhere.AgencyId], [FeedTypes.CheckpointSigned]);
        var caseReader = await server.IntegratorAsync(staff.AgencyId, [staff.AgencyId], [IntegrationScenarios.Penalty("lead_registered")]);

        var (seen, _) = await server.Client(witness.Token).FeedToEndAsync(mark);
        Assert.Contains(seen, e => (string?)e["data"]!["rootHash"] == checkpoint.RootHash && (long)e["data"]!["treeSize"]! == checkpoint.TreeSize);
        Assert.All(seen, e => Assert.Equal(FeedTypes.CheckpointSigned, (string?)e["type"]));
        var (cases, _) = await server.Client(caseReader.Token).FeedToEndAsync(mark);
        Assert.NotEmpty(cases);
        Assert.DoesNotContain(cases, e => (string?)e["type"] == FeedTypes.CheckpointSigned);
        Assert.Contains(FeedTypes.CheckpointSigned, (await (await server.Client().GetAsync("/api/feed/types")).AssertOkAsync()).AsArray().Select(t => (string?)t));
    }
}
