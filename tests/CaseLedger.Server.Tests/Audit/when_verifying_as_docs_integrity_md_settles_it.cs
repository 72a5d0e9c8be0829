using System.Text.Json.Nodes;
using CaseLedger.Audit;
using CaseLedger.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CaseLedger.Server.Tests.Audit;

/// <summary>
/// Each point docs/integrity.md §3 settles for a verifier in another language ("What verify takes as settled"), held by
/// <c>caseledger verify</c> (issue 19 item 7): one test per point.
/// </summary>
public partial class when_verifying_as_docs_integrity_md_settles_it(ServerFixture server) : IClassFixture<ServerFixture>
{
    private string Key => server.App.Services.GetRequiredService<CheckpointService>().Key.PublicKeyPem;

    private async Task<string> ExportAsync(bool wholeLog = false)
    {
        var staff = await server.StaffAsync();
        var caseId = await server.NotifiedCaseAsync(staff, fine: 3_000m);
        // An earlier checkpoint, so that the export also holds a consistency proof and a named predecessor.
        await server.App.Services.GetRequiredService<CheckpointService>().CreateAsync();
        await server.LeadAsync(staff);
        return ExportBuilder.Write(await server.App.Services.GetRequiredService<ExportBuilder>().BuildAsync(wholeLog ? null : caseId));
    }

    private IReadOnlyList<string> Problems(string export) => ExportVerifier.Verify(export, Key).Problems;

    private IReadOnlyList<string> Problems(JsonNode export) => Problems(export.ToJsonString());

    [Fact]
    public async Task values_not_bytes_an_escape_respelled_still_verifies()
    {
        var export = await ExportAsync();
        var respelled = export.Replace("\"format\":\"caseledger-export/1\"", "\"format\":\"caseledger\\u002dexport/1\"", StringComparison.Ordinal)
            .Replace("\"type\":\"lead_registered\"", "\"type\":\"lead\\u005fregistered\"", StringComparison.Ordinal);
        Assert.NotEqual(export, respelled);
        Assert.Empty(Problems(respelled));
    }

    [Fact]
    public async Task data_is_parsed_and_canonicalised_not_hashed_as_it_stands()
    {
        var export = JsonNode.Parse(await ExportAsync())!;
        var data = export["events"]!.AsArray().Select(e => e!["data"]!.AsObject()).First(d => d.ToJsonString().Contains("3000", StringComparison.Ordinal));
        var text = export.ToJsonString();
        var spelled = data.ToJsonString();
        var respelled = text.Replace(spelled, Amount().Replace(spelled, "3.0e3"), StringComparison.Ordinal);
        Assert.NotEqual(text, respelled);
        Assert.Empty(Problems(respelled));
        Assert.Contains(Problems(text.Replace(spelled, Amount().Replace(spelled, "3001"), StringComparison.Ordinal)),
            p => p.Contains("chain-hash-mismatch", StringComparison.Ordinal));
    }

    [System.Text.RegularExpressions.GeneratedRegex("(?<![0-9.])3000(?![0-9.])")]
    private static partial System.Text.RegularExpressions.Regex Amount();

    [Fact]
    public async Task the_statement_is_rebuilt_from_the_fields_never_taken_as_given()
    {
        var export = JsonNode.Parse(await ExportAsync())!;
        var given = export.DeepClone();
        given["checkpoint"]!["statement"] = "{}";
        Assert.Contains(Problems(given), p => p.Contains("'statement'", StringComparison.Ordinal));
        var moved = export.DeepClone();
        moved["checkpoint"]!["time"] = "2020-01-01T00:00:00.000000Z";
        Assert.Contains(Problems(moved), p => p.Contains("signature does not verify", StringComparison.Ordinal));
    }

    [Fact]
    public async Task events_must_be_in_sequence_order()
    {
        var export = JsonNode.Parse(await ExportAsync(wholeLog: true))!;
        var events = export["events"]!.AsArray();
        var second = events[1]!.DeepClone();
        events.RemoveAt(1);
        events.Insert(0, second);
        Assert.Contains(Problems(export), p => p.Contains("not in sequence order", StringComparison.Ordinal));
    }

    [Fact]
    public async Task leaf_indexes_count_from_0_over_the_leaves_of_the_tree()
    {
        var whole = JsonNode.Parse(await ExportAsync(wholeLog: true))!;
        var indexes = whole["events"]!.AsArray().Select(e => (long)e!["leafIndex"]!).ToList();
        Assert.Equal(Enumerable.Range(0, indexes.Count).Select(i => (long)i), indexes);

        var oneCase = JsonNode.Parse(await ExportAsync())!;
        foreach (var e in oneCase["events"]!.AsArray()) e!["leafIndex"] = (long)e["leafIndex"]! + 1;
        Assert.Contains(Problems(oneCase), p => p.Contains("is not in the signed checkpoint", StringComparison.Ordinal));
    }

    [Fact]
    public async Task an_absent_member_and_a_null_one_are_read_alike_so_a_signed_member_set_null_fails()
    {
        var export = JsonNode.Parse(await ExportAsync())!;
        Assert.NotNull(export["checkpoint"]!["previousTreeSize"]);
        var nulled = export.DeepClone();
        nulled["checkpoint"]!["previousTreeSize"] = null;
        nulled["checkpoint"]!["previousRootHash"] = null;
        var removed = export.DeepClone();
        removed["checkpoint"]!.AsObject().Remove("previousTreeSize");
        removed["checkpoint"]!.AsObject().Remove("previousRootHash");
        Assert.Contains(Problems(nulled), p => p.Contains("signature does not verify", StringComparison.Ordinal));
        Assert.Equal(Problems(removed), Problems(nulled));
    }

    [Fact]
    public async Task a_signature_is_accepted_only_in_its_canonical_base64()
    {
        var export = JsonNode.Parse(await ExportAsync())!;
        var signature = (string)export["checkpoint"]!["signature"]!;
        var spellings = new List<string> { signature[..10] + "\n" + signature[10..] };
        if (signature.EndsWith('='))
        {
            // The last character before the padding carries spare bits that decoding ignores.
            var last = signature.TrimEnd('=').Length - 1;
            const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            spellings.Add(signature[..last] + alphabet[alphabet.IndexOf(signature[last], StringComparison.Ordinal) ^ 1] + signature[(last + 1)..]);
        }
        foreach (var spelling in spellings)
        {
            Assert.Equal(Convert.FromBase64String(signature), Convert.FromBase64String(spelling));
            var respelled = export.DeepClone();
            respelled["checkpoint"]!["signature"] = spelling;
            Assert.Contains(Problems(respelled), p => p.Contains("signature does not verify", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task consistency_between_equal_sizes_is_an_empty_proof_and_none_is_exported_from_size_0()
    {
        var export = JsonNode.Parse(await ExportAsync())!;
        Assert.All(export["earlierCheckpoints"]!.AsArray(), c => Assert.True((long)c!["treeSize"]! > 0));
        var root = EventChain.ParseHex((string?)export["checkpoint"]!["rootHash"])!;
        var size = (long)export["checkpoint"]!["treeSize"]!;
        Assert.Null(Merkle.VerifyConsistency(size, size, root, root, []));
        Assert.NotNull(Merkle.VerifyConsistency(size, size, root, root, [root]));
        Assert.NotNull(Merkle.VerifyConsistency(0, size, Merkle.Root([]), root, []));

        var equal = export.DeepClone();
        var copy = equal["checkpoint"]!.DeepClone().AsObject();
        copy["consistencyProof"] = new JsonArray(JsonValue.Create(EventChain.Hex(root)));
        equal["earlierCheckpoints"]!.AsArray().Add(copy);
        Assert.Contains(Problems(equal), p => p.Contains("a proof between equal trees must be empty", StringComparison.Ordinal));
    }
}
