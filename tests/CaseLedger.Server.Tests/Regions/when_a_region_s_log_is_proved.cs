using System.Text.Json.Nodes;
using CaseLedger.Audit;
using CaseLedger.Hosting;
using CaseLedger.Server.Tests.Support;
using Npgsql;

namespace CaseLedger.Server.Tests.Regions;

/// <summary>
/// The audit's proofs and its record of rebuilds per region (docs/operations.md §6): <c>?region=R</c> proves an event of region
/// R's log, R's checkpoints consistent with each other and a stream's head, each against R's own signed checkpoints, and lists
/// the rebuilds recorded in R's log; an unknown region is not found; without it, the deployment's own log as before.
/// </summary>
/// <remarks>Deployments of its own: its cases and checkpoints leave the shared regions' gauges and feeds alone.</remarks>
public class when_a_region_s_log_is_proved(RegionsFixture server) : IClassFixture<RegionsFixture>
{
    [Fact]
    public async Task a_region_s_event_head_and_checkpoints_are_proved_against_its_own_signed_checkpoints()
    {
        var west = await server.StaffAsyncIn(server.West);
        var caseId = await server.FiledCaseAsync(west);
        var first = await (await server.Client().PostAsync("/api/audit/checkpoints?region=west", null)).AssertOkAsync(201);
        await server.EvidenceAsync(west, caseId, 1);
        var second = await (await server.Client().PostAsync("/api/audit/checkpoints?region=west", null)).AssertOkAsync(201);
        long from = (long)first["treeSize"]!, size = (long)second["treeSize"]!;
        var root = EventChain.ParseHex((string?)second["rootHash"])!;

        foreach (var (sequence, chainHash) in await EventsAsync(server.WestDatabase, caseId))
        {
            var proof = await server.GetOkAsync($"/api/audit/proofs/inclusion?region=west&sequence={sequence}&treeSize={size}");
            Assert.Equal(chainHash, (string?)proof["chainHash"]);
            Assert.Null(Merkle.VerifyInclusion((long)proof["leafIndex"]!, size, Checkpoint.LeafHash(sequence, chainHash), Path(proof["auditPath"]), root));
        }
        // The latest checkpoint of west's log by default.
        var (last, lastHash) = (await EventsAsync(server.WestDatabase, caseId))[^1];
        Assert.Equal((string?)second["rootHash"], (string?)(await server.GetOkAsync($"/api/audit/proofs/inclusion?region=west&sequence={last}"))["rootHash"]);

        var consistency = await server.GetOkAsync($"/api/audit/proofs/consistency?region=west&from={from}&to={size}");
        Assert.Null(Merkle.VerifyConsistency(from, size, EventChain.ParseHex((string?)first["rootHash"])!, root, Path(consistency["proof"])));

        var head = await server.GetOkAsync($"/api/audit/proofs/stream-head?region=west&stream={caseId}&treeSize={size}");
        Assert.Equal(lastHash, (string?)head["head"]!["chainHash"]);
        var signedHead = new StreamHead(caseId, (long)head["head"]!["version"]!, lastHash);
        Assert.Null(Merkle.VerifyInclusion((long)head["leafIndex"]!, (long)head["streamCount"]!, StreamHeads.LeafHash(signedHead), Path(head["auditPath"]),
            EventChain.ParseHex((string?)second["streamsRoot"])!));

        // The deployment's own log signed no head of the west case; an unknown region is not found.
        await (await server.Client().GetAsync($"/api/audit/proofs/stream-head?stream={caseId}")).AssertProblemAsync(404, "not-found");
        foreach (var path in new[] { $"proofs/inclusion?sequence={last}", $"proofs/consistency?from={from}", $"proofs/stream-head?stream={caseId}", "rebuilds" })
            await (await server.Client().GetAsync($"/api/audit/{path}{(path.Contains('?') ? '&' : '?')}region=atlantis")).AssertProblemAsync(404, "not-found");
    }

    [Fact]
    public async Task a_region_s_rebuilds_are_listed_from_its_own_log()
    {
        var (ownBefore, eastBefore) = ((await server.GetOkAsync("/api/audit/rebuilds")).AsArray().Count,
            (await server.GetOkAsync("/api/audit/rebuilds?region=east")).AsArray().Count);
        var settings = new CaseLedgerSettings(server.ConnectionString, server.Clock) { DeadlineSweepInterval = null, Regions = server.Regions };
        await using (var store = await CaseLedgerStore.OpenAsync(settings))
            await store.RebuildAsync(null, null, region: "east");

        Assert.Equal(eastBefore + 1, (await server.GetOkAsync("/api/audit/rebuilds?region=east")).AsArray().Count);
        Assert.Equal(ownBefore, (await server.GetOkAsync("/api/audit/rebuilds")).AsArray().Count);
    }

    private static List<byte[]> Path(JsonNode? hashes) => [.. hashes!.AsArray().Select(h => EventChain.ParseHex((string?)h)!)];

    private static async Task<List<(long Sequence, string? ChainHash)>> EventsAsync(string connection, string caseId)
    {
        await using var dataSource = NpgsqlDataSource.Create(connection);
        await using var command = dataSource.CreateCommand(
            "select seq_id, headers ->> 'chainHash' from caseledger.mt_events where stream_id = $1 order by version");
        command.Parameters.Add(new NpgsqlParameter { Value = caseId });
        var events = new List<(long, string?)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) events.Add((reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
        return events;
    }
}
