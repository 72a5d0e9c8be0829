using System.Text.Json.Nodes;
using CaseLedger.Audit;
using CaseLedger.Hosting;
using CaseLedger.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CaseLedger.Server.Tests.Audit;

/// <summary>
/// One signing identity per deployment (issue 19 item 6, docs/integrity.md §2): the deployment's keys are registered in the
/// store, every node signs with the configured key, and a node whose key is not the current one signs nothing and says so.
/// </summary>
public class when_two_nodes_share_one_database(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static CheckpointService Checkpoints(ServerFixture node) => node.App.Services.GetRequiredService<CheckpointService>();

    private string KeyPath => server.App.Services.GetRequiredService<CaseLedgerSettings>().CheckpointKeyPath;

    [Fact]
    public async Task the_first_node_registers_its_key_as_the_deployments_and_publishes_it()
    {
        await Checkpoints(server).CreateAsync();
        var keys = (await (await server.Client().GetAsync("/api/audit/public-keys")).AssertOkAsync()).AsArray();
        var key = Assert.Single(keys)!;
        Assert.Equal(Checkpoints(server).Key.KeyId, (string?)key["keyId"]);
        Assert.True((bool)key["current"]!);
        var health = await (await server.Client(token: null).GetAsync("/health")).AssertOkAsync();
        Assert.Equal("signing", (string?)health["signing"]!["state"]);
    }

    [Fact]
    public async Task a_node_with_a_foreign_key_signs_nothing_and_says_so_in_health_while_the_database_is_up()
    {
        await Checkpoints(server).CreateAsync();
        await using var foreign = await ServerFixture.StartAsync(server.ConnectionString, server.Clock, null);
        await server.AppendEventsAsync(3);

        var refused = await (await foreign.Client().PostAsync("/api/audit/checkpoints", null)).AssertProblemAsync(422, CheckpointService.KeyNotCurrent);
        Assert.Contains(Checkpoints(foreign).Key.KeyId[..16], (string?)refused["detail"], StringComparison.Ordinal);
        await Assert.ThrowsAsync<CheckpointRefusedException>(() => Checkpoints(foreign).CreateAsync());
        var health = await (await foreign.Client(token: null).GetAsync("/health")).AssertOkAsync();
        Assert.Equal("up", (string?)health["database"]);
        Assert.Equal("refused", (string?)health["signing"]!["state"]);
        Assert.Equal(Checkpoints(server).Key.KeyId, (string?)health["signing"]!["deploymentKeyId"]);

        Assert.DoesNotContain(await Checkpoints(server).ListAsync(), c => c.KeyId == Checkpoints(foreign).Key.KeyId);
        Assert.Single(await Checkpoints(server).KeyRingAsync() is var ring ? ring.Keys : []);
    }

    [Fact]
    public async Task nodes_given_the_deployments_key_all_sign_and_every_checkpoint_verifies_with_the_published_keys()
    {
        await using var second = await ServerFixture.StartAsync(server.ConnectionString, server.Clock, null, KeyPath);
        for (var i = 0; i < 3; i++)
        {
            await server.AppendEventsAsync(2);
            await Checkpoints(i % 2 == 0 ? server : second).CreateAsync();
        }
        await server.AppendEventsAsync(2);
        await (await second.Client().PostAsync("/api/audit/checkpoints", null)).AssertOkAsync(201);

        foreach (var node in new[] { server, second })
            Assert.DoesNotContain(await node.AuditBothWaysAsync(AuditService.LogStream), f => f.Kind == "checkpoint-mismatch");
        var published = (await (await second.Client().GetAsync("/api/audit/public-keys")).AssertOkAsync()).AsArray();
        var keys = string.Join("\n", published.Select(k => (string)k!["publicKey"]!));
        var export = await second.App.Services.GetRequiredService<ExportBuilder>().BuildAsync(null);
        Assert.True(export["earlierCheckpoints"]!.AsArray().Count >= 3);
        var result = ExportVerifier.Verify(ExportBuilder.Write(export), keys);
        Assert.True(result.Verified, string.Join("\n", result.Problems));
    }
}

/// <summary>A new key signs from a point on; the one before signs nothing after it, and every checkpoint still verifies (issue 19 item 6).</summary>
public class when_the_deployment_rotates_its_checkpoint_key(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static CheckpointService Checkpoints(ServerFixture node) => node.App.Services.GetRequiredService<CheckpointService>();

    [Fact]
    public async Task the_new_key_signs_from_its_instant_on_and_verification_uses_the_key_valid_when_each_was_signed()
    {
        await server.AppendEventsAsync(2);
        var before = await Checkpoints(server).CreateAsync();
        await using var next = await ServerFixture.StartAsync(server.ConnectionString, server.Clock, null);
        var from = server.Clock.GetCurrentInstant() + NodaTime.Duration.FromMinutes(5);

        var staff = await server.StaffAsync();
        await (await server.Client(staff.TokenOf(staff.Head)).PostJsonAsync("/api/audit/public-keys", new { publicKey = Checkpoints(next).Key.PublicKeyPem }))
            .AssertProblemAsync(403, "forbidden");
        await (await server.Client().PostJsonAsync("/api/audit/public-keys", new { publicKey = Checkpoints(next).Key.PublicKeyPem, validFrom = from.ToString() })).AssertOkAsync();
        await (await server.Client().PostJsonAsync("/api/audit/public-keys", new { publicKey = "not a key" })).AssertProblemAsync(400, "validation-failed");
        await (await server.Client().PostJsonAsync("/api/audit/public-keys",
            new { publicKey = Checkpoints(server).Key.PublicKeyPem, validFrom = server.Clock.GetCurrentInstant().ToString() })).AssertOkAsync();

        // Until its instant the new key's node refuses and the old one signs; from it on, the other way round.
        await server.AppendEventsAsync(2);
        await Assert.ThrowsAsync<CheckpointRefusedException>(() => Checkpoints(next).CreateAsync());
        var old = await Checkpoints(server).CreateAsync();
        server.Clock.Advance(NodaTime.Duration.FromMinutes(6));
        await server.AppendEventsAsync(2);
        await Assert.ThrowsAsync<CheckpointRefusedException>(() => Checkpoints(server).CreateAsync());
        var rotated = await Checkpoints(next).CreateAsync();

        Assert.Equal(Checkpoints(server).Key.KeyId, before.KeyId);
        Assert.Equal(Checkpoints(server).Key.KeyId, old.KeyId);
        Assert.Equal(Checkpoints(next).Key.KeyId, rotated.KeyId);
        Assert.DoesNotContain(await next.AuditBothWaysAsync(AuditService.LogStream), f => f.Kind == "checkpoint-mismatch");
        var published = (await (await server.Client().GetAsync("/api/audit/public-keys")).AssertOkAsync()).AsArray();
        Assert.Equal([false, true], published.Select(k => (bool)k!["current"]!));
        var result = ExportVerifier.Verify(ExportBuilder.Write(await next.App.Services.GetRequiredService<ExportBuilder>().BuildAsync(null)),
            string.Join("\n", published.Select(k => (string)k!["publicKey"]!)));
        Assert.True(result.Verified, string.Join("\n", result.Problems));
    }
}
