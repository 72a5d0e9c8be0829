using System.Text.Json;
using System.Text.Json.Nodes;

namespace CaseLedger.Audit;

/// <summary>
/// Checks an export with nothing but the file and the public key: every signature, every chain link,
/// every element of every inclusion and consistency proof. Returns every problem found; none means verified.
/// </summary>
public static class ExportVerifier
{
    public sealed record Result(int Events, long TreeSize, IReadOnlyList<string> Problems)
    {
        public bool Verified => Problems.Count == 0;
    }

    /// <param name="pinnedJson">A checkpoint the auditor kept from earlier (an export's <c>checkpoint</c>, one of
    /// <c>GET /api/audit/checkpoints</c>, a witness's copy): the export must hold it, signed, and prove consistency from it.</param>
    public static Result Verify(string exportJson, string publicKeyPem, string? pinnedJson = null)
    {
        try
        {
            return VerifyFile(exportJson, publicKeyPem, pinnedJson);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException or NullReferenceException
            or JsonException or KeyNotFoundException or OverflowException or IndexOutOfRangeException)
        {
            // Whatever a damaged file breaks, the answer is the same: not verified, and why.
            return new Result(0, 0, [$"The file is malformed: {e.Message}"]);
        }
    }

    private static Result VerifyFile(string exportJson, string publicKeyPem, string? pinnedJson)
    {
        var problems = new List<string>();
        JsonNode? root;
        try
        {
            // Values, not bytes, are verified (an escape may be respelled); a member given twice is not a value but a choice.
            root = JsonNode.Parse(exportJson, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            return new Result(0, 0, [$"The file is not JSON: {e.Message}"]);
        }
        if (root is not JsonObject export || (string?)Value(export, "format") != ExportBuilder.Format)
            return new Result(0, 0, [$"The file is not a {ExportBuilder.Format} export."]);
        Members(export, "the file", TopMembers, problems);
        Members(export["checkpoint"], "the checkpoint", CheckpointMembers, problems);
        foreach (var c in (export["earlierCheckpoints"] as JsonArray) ?? [])
            Members(c, "an earlier checkpoint", [.. CheckpointMembers, "consistencyProof"], problems);
        foreach (var e in (export["events"] as JsonArray) ?? [])
            Members(e, "an event", EventMembers, problems);
        Members(export["streamHead"], "the stream head", StreamHeadMembers, problems);

        Dictionary<string, string> keys;
        try
        {
            keys = PublicKeys(publicKeyPem);
        }
        catch (Exception e) when (e is ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            return new Result(0, 0, [$"The public key is not a PEM ECDSA P-256 public key: {e.Message}"]);
        }

        var checkpoint = ReadCheckpoint(export["checkpoint"], "the checkpoint", problems);
        if (checkpoint is null) return new Result(0, 0, problems);
        CheckSignature(checkpoint, "the checkpoint", keys, problems);
        var treeRoot = Hash(checkpoint.RootHash, "the checkpoint's root hash", problems);

        if (export["earlierCheckpoints"] is not JsonArray earlier || export["events"] is not JsonArray { Count: > 0 })
            return new Result(0, checkpoint.TreeSize, [.. problems, "The file has no events or no earlier checkpoints list."]);
        var signed = new List<Checkpoint> { checkpoint };
        foreach (var node in earlier)
        {
            var name = $"the earlier checkpoint of {(long?)Value(node, "treeSize")} events";
            var c = ReadCheckpoint(node, name, problems);
            if (c is null) continue;
            signed.Add(c);
            CheckSignature(c, name, keys, problems);
            var proof = Hashes(node?["consistencyProof"], $"{name}: its consistency proof", problems);
            var earlierRoot = Hash(c.RootHash, $"{name}: its root hash", problems);
            if (proof is null || earlierRoot is null || treeRoot is null) continue;
            if (Merkle.VerifyConsistency(c.TreeSize, checkpoint.TreeSize, earlierRoot, treeRoot, proof) is { } why)
                problems.Add($"{name} is not consistent with the checkpoint of {checkpoint.TreeSize} events: {why}: the log was rewritten in between.");
            if (c.HighWaterSequence > checkpoint.HighWaterSequence)
                problems.Add($"{name} reaches sequence {c.HighWaterSequence}, beyond the later checkpoint's {checkpoint.HighWaterSequence}.");
        }

        // The chain of checkpoints: the export holds every earlier one, so each must find the predecessor it names.
        foreach (var finding in CheckpointService.Chain(signed))
            problems.Add(finding.Message);
        if (pinnedJson is not null) CheckPinned(pinnedJson, signed, keys, problems);

        var scope = (string?)Value(export, "scope");
        var caseId = (string?)Value(export, "caseId");
        var events = new List<(StoredEvent Event, long? LeafIndex, IReadOnlyList<byte[]>? Proof)>();
        foreach (var node in export["events"]!.AsArray())
        {
            try
            {
                var e = new StoredEvent(
                    (long)Value(node, "sequence")!, (string)Value(node, "stream")!, (long)Value(node, "version")!, (string)Value(node, "type")!,
                    node!["data"]?.ToJsonString() ?? "null", (string?)Value(node, "actor"),
                    NodaTime.Text.InstantPattern.ExtendedIso.Parse((string)Value(node, "timestamp")!).GetValueOrThrow(),
                    (string?)Value(node, "chainHash"));
                var where = $"event {e.Stream} v{e.Version} (sequence {e.Sequence})";
                events.Add((e, (long?)Value(node, "leafIndex"), node["inclusionProof"] is null ? null : Hashes(node["inclusionProof"], $"{where}: its inclusion proof", problems)));
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException or NullReferenceException or ArgumentException or NodaTime.Text.UnparsableValueException or JsonException)
            {
                problems.Add($"An event of the file is malformed ({ex.Message}): {node?.ToJsonString()[..Math.Min(120, node.ToJsonString().Length)]}");
            }
        }

        if (events.Select(e => e.Event.Sequence).Distinct().Count() != events.Count)
            problems.Add("Two events of the file share a sequence.");
        foreach (var stream in events.GroupBy(e => e.Event.Stream))
        {
            if (scope == "case" && stream.Key != caseId)
                problems.Add($"The export is of case {caseId}, yet holds events of stream {stream.Key}.");
            foreach (var finding in ChainCheck.Stream(stream.Key, stream.Select(e => e.Event).OrderBy(e => e.Version)))
                problems.Add($"event {finding.Stream} v{finding.Version}: {finding.Code}: {finding.Message}");
        }

        var ordered = events.OrderBy(e => e.Event.Sequence).ToList();
        if (!ordered.Select(e => e.Event.Sequence).SequenceEqual(events.Select(e => e.Event.Sequence)))
            problems.Add("The events of the file are not in sequence order.");
        long previousIndex = -1;
        foreach (var (e, leafIndex, proof) in ordered)
        {
            var where = $"event {e.Stream} v{e.Version} (sequence {e.Sequence})";
            if (e.Sequence > checkpoint.HighWaterSequence)
            {
                problems.Add($"{where} is not covered by the signed checkpoint (to sequence {checkpoint.HighWaterSequence}).");
                continue;
            }
            if (leafIndex is not { } index || index <= previousIndex || index >= checkpoint.TreeSize)
            {
                problems.Add($"{where}: its leaf index {leafIndex?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "is missing and"} does not fit its place in a tree of {checkpoint.TreeSize} in sequence order.");
                continue;
            }
            previousIndex = index;
            if (scope == "all") continue;
            if (proof is null || treeRoot is null)
            {
                if (proof is null) problems.Add($"{where}: it has no inclusion proof.");
                continue;
            }
            if (Merkle.VerifyInclusion(index, checkpoint.TreeSize, Checkpoint.LeafHash(e.Sequence, e.ChainHash), proof, treeRoot) is { } why)
                problems.Add($"{where} is not in the signed checkpoint: {why}.");
        }

        if (scope == "case") CheckStreamHead(export["streamHead"], checkpoint, caseId, ordered.Count > 0 ? ordered[^1].Event : null, problems);
        if (scope == "all")
        {
            // Every stream's head follows from the events of a full export: they must give the signed tree of heads.
            var heads = StreamHeads.Of(ordered.Select(e => e.Event), checkpoint.HighWaterSequence);
            if (checkpoint.StreamsRoot is not null
                && (heads.Count != checkpoint.StreamCount || EventChain.Hex(StreamHeads.Tree(heads).Root()) != checkpoint.StreamsRoot))
                problems.Add($"{StreamHeadsMismatch}: the events of the file give {heads.Count} stream heads that are not the {checkpoint.StreamCount} signed: "
                    + "a stream's last events were changed, removed or added.");
        }
        if (scope == "all" && treeRoot is not null)
        {
            if (ordered.Count != checkpoint.TreeSize)
                problems.Add($"The signed checkpoint holds {checkpoint.TreeSize} events; the file has {ordered.Count}: events were removed or added.");
            var leaves = ordered.Select(e => Checkpoint.LeafHash(e.Event.Sequence, e.Event.ChainHash)).ToList();
            if (!Merkle.Root(leaves).AsSpan().SequenceEqual(treeRoot))
                problems.Add("The events of the file do not give the signed root: an event was changed, removed, inserted or moved.");
        }
        else if (scope != "case" && scope != "all")
        {
            problems.Add($"Unknown scope '{scope}'.");
        }
        return new Result(events.Count, checkpoint.TreeSize, problems);
    }

    /// <summary>The problem codes of a case export cut short, or of stream heads that do not prove (docs/integrity.md §3).</summary>
    public const string StreamHeadUnsigned = "stream-head-unsigned", StreamHeadUnproved = "stream-head-unproved",
        StreamHeadMismatch = "stream-head-mismatch", StreamHeadsMismatch = "stream-heads-mismatch";

    /// <summary>
    /// A case export carries its stream's head at the checkpoint with its audit path to the signed root of stream heads: the
    /// head must prove, and the export's last event must be it, so events cut from the end of the file are found.
    /// </summary>
    private static void CheckStreamHead(JsonNode? node, Checkpoint checkpoint, string? caseId, StoredEvent? last, List<string> problems)
    {
        if (checkpoint.StreamsRoot is null || checkpoint.StreamCount is not { } count)
        {
            problems.Add($"{StreamHeadUnsigned}: the checkpoint signs no stream heads (it was signed before they were kept): nothing signed says how long case {caseId} was.");
            return;
        }
        if (node is not JsonObject)
        {
            problems.Add($"{StreamHeadUnproved}: the file has no streamHead: nothing proves how long case {caseId} was at the checkpoint.");
            return;
        }
        var head = new StreamHead(caseId ?? "", (long)Value(node, "version")!, (string?)Value(node, "chainHash"));
        var index = (long)Value(node, "leafIndex")!;
        var path = Hashes(node["auditPath"], "the stream head's audit path", problems);
        var root = Hash(checkpoint.StreamsRoot, "the checkpoint's streams root", problems);
        if (path is null || root is null) return;
        if (Merkle.VerifyInclusion(index, count, StreamHeads.LeafHash(head), path, root) is { } why)
            problems.Add($"{StreamHeadUnproved}: the stream head (version {head.Version}) is not in the checkpoint's signed stream heads: {why}.");
        else if (last is null || last.Version != head.Version || last.ChainHash != head.ChainHash)
            problems.Add($"{StreamHeadMismatch}: case {caseId} stood at version {head.Version} at the checkpoint, the file ends at version "
                + $"{last?.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}: its last events were cut off or changed.");
    }

    /// <summary>The pinned checkpoint, signed by the key, must be one of the export's, with the same root: consistency from it is then proved.</summary>
    private static void CheckPinned(string pinnedJson, List<Checkpoint> signed, IReadOnlyDictionary<string, string> keys, List<string> problems)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(pinnedJson);
        }
        catch (JsonException e)
        {
            problems.Add($"The pinned checkpoint is not JSON: {e.Message}");
            return;
        }
        if (node is JsonObject o && o["checkpoint"] is JsonObject inner) node = inner;
        // A checkpoint kept as the CloudEvent the feed or a webhook delivered (caseledger.audit.checkpoint_signed.v1).
        else if (node is JsonObject cloudEvent && cloudEvent["data"] is JsonObject data && cloudEvent["specversion"] is not null) node = data;
        if (ReadCheckpoint(node, "the pinned checkpoint", problems) is not { } pinned) return;
        CheckSignature(pinned, "the pinned checkpoint", keys, problems);
        var held = signed.FirstOrDefault(c => c.TreeSize == pinned.TreeSize);
        if (held is null)
            problems.Add($"The pinned checkpoint of {pinned.TreeSize} events is not among the export's checkpoints "
                + $"({string.Join(", ", signed.Select(c => c.TreeSize).Order())}): it was deleted from the store, or the log was cut below it.");
        else if (held.RootHash != pinned.RootHash || held.HighWaterSequence != pinned.HighWaterSequence)
            problems.Add($"The pinned checkpoint of {pinned.TreeSize} events has root {pinned.RootHash}, the export's {held.RootHash}: the log was rewritten.");
    }

    private static readonly string[] TopMembers = ["format", "scope", "caseId", "checkpoint", "earlierCheckpoints", "events", "streamHead"];
    private static readonly string[] CheckpointMembers =
        ["treeSize", "highWaterSequence", "rootHash", "time", "keyId", "signature", "previousTreeSize", "previousRootHash", "streamCount", "streamsRoot"];
    private static readonly string[] StreamHeadMembers = ["version", "chainHash", "leafIndex", "auditPath"];
    private static readonly string[] EventMembers =
        ["sequence", "stream", "version", "type", "timestamp", "actor", "data", "chainHash", "leafIndex", "inclusionProof"];

    /// <summary>A member the format does not define is refused: nothing unverified rides along in a verified file.</summary>
    private static void Members(JsonNode? node, string name, string[] known, List<string> problems)
    {
        if (node is not JsonObject o) return;
        foreach (var (member, _) in o)
            if (!known.Contains(member, StringComparer.Ordinal))
                problems.Add($"{name} has a member the format does not define: '{member}'.");
    }

    /// <summary>
    /// The keys of a PEM text by key id: one "BEGIN PUBLIC KEY" block, or several (every key a deployment registered, as
    /// <c>caseledger export</c> writes them): each checkpoint is checked with the key it names.
    /// </summary>
    public static Dictionary<string, string> PublicKeys(string pemText)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var rest = pemText.AsMemory();
        while (System.Security.Cryptography.PemEncoding.TryFind(rest.Span, out var fields))
        {
            var pem = rest[fields.Location].ToString();
            keys[CheckpointKey.KeyIdOfPem(pem)] = pem;
            rest = rest[fields.Location.End..];
        }
        if (keys.Count == 0) throw new ArgumentException("No PEM block in the key file.");
        return keys;
    }

    private static JsonNode? Value(JsonNode? node, string name) => node is JsonObject o && o.TryGetPropertyValue(name, out var v) ? v : null;

    private static Checkpoint? ReadCheckpoint(JsonNode? node, string name, List<string> problems)
    {
        try
        {
            return new Checkpoint
            {
                TreeSize = (long)Value(node, "treeSize")!,
                HighWaterSequence = (long)Value(node, "highWaterSequence")!,
                RootHash = (string)Value(node, "rootHash")!,
                Time = NodaTime.Text.InstantPattern.ExtendedIso.Parse((string)Value(node, "time")!).GetValueOrThrow(),
                KeyId = (string)Value(node, "keyId")!,
                Signature = (string)Value(node, "signature")!,
                // Absent (or null, as the API shows them) on checkpoints signed before they named their predecessor.
                PreviousTreeSize = Value(node, "previousTreeSize") is { } previous ? (long)previous : null,
                PreviousRootHash = Value(node, "previousTreeSize") is not null ? (string)Value(node, "previousRootHash")! : null,
                StreamCount = Value(node, "streamCount") is { } count ? (long)count : null,
                StreamsRoot = Value(node, "streamCount") is not null ? (string)Value(node, "streamsRoot")! : null,
            };
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException or ArgumentException or NodaTime.Text.UnparsableValueException)
        {
            problems.Add($"{name} is malformed: {e.Message}");
            return null;
        }
    }

    private static void CheckSignature(Checkpoint c, string name, IReadOnlyDictionary<string, string> keys, List<string> problems)
    {
        if (!keys.TryGetValue(c.KeyId, out var publicKeyPem))
            problems.Add($"{name} names signing key {c.KeyId}, not the given public key ({string.Join(", ", keys.Keys)}).");
        else if (!CheckpointKey.Verify(publicKeyPem, c.Statement(), c.Signature))
            problems.Add($"{name}: its signature does not verify: its size, root, sequence or time was changed.");
    }

    private static byte[]? Hash(string? hex, string name, List<string> problems)
    {
        var hash = EventChain.ParseHex(hex);
        if (hash is null) problems.Add($"{name} is not a SHA-256 hash in hex.");
        return hash;
    }

    private static List<byte[]>? Hashes(JsonNode? node, string name, List<string> problems)
    {
        if (node is not JsonArray array)
        {
            problems.Add($"{name} is missing.");
            return null;
        }
        var hashes = new List<byte[]>();
        foreach (var item in array)
        {
            var hash = EventChain.ParseHex(item is JsonValue v && v.TryGetValue<string>(out var s) ? s : null);
            if (hash is null)
            {
                problems.Add($"{name} has an element that is not a SHA-256 hash in hex.");
                return null;
            }
            hashes.Add(hash);
        }
        return hashes;
    }
}
