using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseLedger.Audit;
using CaseLedger.Hosting;
using CaseLedger.Json;
using CaseLedger.Tests.Contracts;
using NodaTime;
using Snapshooter.Xunit;

namespace CaseLedger.Tests.Audit;

/// <summary>
/// The canonical bytes of every event type, as the chain hashes them, are pinned: whatever computes them
/// must give exactly these bytes for the serializer's JSON and for PostgreSQL's jsonb spelling of it.
/// </summary>
public class when_canonicalizing_stored_events
{
    private const string Stream = "0198c0de-7a1b-7c3d-8e4f-000000000001";
    private static readonly Instant At = Instant.FromUtc(2026, 3, 2, 1, 30, 0).PlusTicks(1_234_567);

    private static ChainedEvent Sample(Type type, string json) =>
        new(Stream, 3, EventCatalog.StoredName(type), json, "王某 \"admin\"", At);

    [Fact]
    public void the_canonical_bytes_of_every_event_type_are_pinned()
    {
        var canonical = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var type in EventCatalog.All)
        {
            var json = JsonSerializer.Serialize(SampleValues.Of(type), type, CaseLedgerJson.Stored);
            canonical[EventCatalog.StoredName(type)] = Encoding.UTF8.GetString(EventChain.Canonical(Sample(type, json)));
        }
        Snapshot.Match(canonical);
    }

    [Fact]
    public void the_jsonb_spelling_of_every_event_type_gives_the_same_bytes_and_hash()
    {
        foreach (var type in EventCatalog.All)
        {
            var json = JsonSerializer.Serialize(SampleValues.Of(type), type, CaseLedgerJson.Stored);
            var jsonb = Jsonb(JsonNode.Parse(json));
            Assert.NotEqual(json, jsonb);
            Assert.Equal(EventChain.Canonical(Sample(type, json)), EventChain.Canonical(Sample(type, jsonb)));
            Assert.Equal(EventChain.Next(EventChain.Genesis, Sample(type, json)), EventChain.Next(EventChain.Genesis, Sample(type, jsonb)));
        }
    }

    /// <summary>As PostgreSQL's jsonb prints a value: keys by length then bytes, spaces after ':' and ',', and here numbers with trailing zeros.</summary>
    public static string Jsonb(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject o => "{" + string.Join(", ", o
            .OrderBy(p => Encoding.UTF8.GetByteCount(p.Key)).ThenBy(p => Encoding.UTF8.GetBytes(p.Key), ByteOrder.Instance)
            .Select(p => JsonSerializer.Serialize(p.Key) + ": " + Jsonb(p.Value))) + "}",
        JsonArray a => "[" + string.Join(", ", a.Select(Jsonb)) + "]",
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString() switch
        {
            var n when n.Contains('e', StringComparison.OrdinalIgnoreCase) => n,
            var n when n.Contains('.', StringComparison.Ordinal) => n + "0",
            var n => n + ".00",
        },
        _ => node.ToJsonString(),
    };

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();
        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
