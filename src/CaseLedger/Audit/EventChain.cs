using System.Security.Cryptography;
using System.Text.Json.Nodes;
using JasperFx.Events;
using Marten;
using NodaTime;
using NodaTime.Text;

namespace CaseLedger.Audit;

/// <summary>The fields of one stored event that its chain hash covers (docs/integrity.md).</summary>
/// <param name="Stream">The stream key (agency id, officer id, case id, calendar stream).</param>
/// <param name="Version">The event's version in its stream, from 1.</param>
/// <param name="Type">The stored event type name (<c>case_filed</c>).</param>
/// <param name="DataJson">The event's JSON as stored; only its value counts, not its spelling.</param>
/// <param name="Actor">Who caused it (the user name column), or null.</param>
/// <param name="Timestamp">The recording instant, at the store's microsecond precision.</param>
public sealed record ChainedEvent(string Stream, long Version, string Type, string DataJson, string? Actor, Instant Timestamp);

/// <summary>
/// The hash chain of every stream: chainHash(n) = SHA-256(chainHash(n−1) ‖ JCS(event n)), chainHash(0) = 32 zero bytes.
/// The pipeline computes it before the commit and stores it as the event header <see cref="Header"/>.
/// </summary>
public static class EventChain
{
    public const string Header = "chainHash";

    public static readonly byte[] Genesis = new byte[32];

    private static readonly InstantPattern Microseconds = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'");

    /// <summary>PostgreSQL keeps microseconds: the chain hashes the instant as the store will give it back.</summary>
    public static Instant ToStorePrecision(Instant instant)
    {
        var ticks = instant.ToUnixTimeTicks();
        return Instant.FromUnixTimeTicks(ticks - (((ticks % 10) + 10) % 10));
    }

    public static string FormatTimestamp(Instant instant) => Microseconds.Format(ToStorePrecision(instant));

    /// <summary>The canonical bytes of an event: JCS of {actor, data, stream, timestamp, type, version}.</summary>
    public static byte[] Canonical(ChainedEvent e)
    {
        var document = new JsonObject
        {
            ["actor"] = e.Actor,
            ["data"] = JsonNode.Parse(e.DataJson),
            ["stream"] = e.Stream,
            ["timestamp"] = FormatTimestamp(e.Timestamp),
            ["type"] = e.Type,
            ["version"] = e.Version,
        };
        return CanonicalJson.Canonicalize(document.ToJsonString());
    }

    public static byte[] Next(ReadOnlySpan<byte> previous, ChainedEvent e)
    {
        var canonical = Canonical(e);
        var input = new byte[previous.Length + canonical.Length];
        previous.CopyTo(input);
        canonical.CopyTo(input.AsSpan(previous.Length));
        return SHA256.HashData(input);
    }

    public static string Hex(ReadOnlySpan<byte> hash) => Convert.ToHexStringLower(hash);

    /// <summary>64 lowercase hex digits, exactly as written: any other spelling is not a chain hash.</summary>
    public static byte[]? ParseHex(string? hex) =>
        hex is { Length: 64 } && hex.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f') ? Convert.FromHexString(hex) : null;

    /// <summary>The chain hash a stored event carries, if any.</summary>
    public static string? HeaderOf(IEvent e) => e.GetHeader(Header)?.ToString();

    /// <summary>
    /// Chains events about to be appended after <paramref name="versionBefore"/>: stamps each with the recording
    /// instant (store precision) and its chain hash header. Called by the command pipeline before SaveChanges.
    /// </summary>
    /// <param name="knownHead">The chain hash of the event at <paramref name="versionBefore"/> when the caller already
    /// holds it (a stream's aggregate keeps it), which saves reading that event back.</param>
    public static async Task SealAsync(IDocumentSession session, string stream, long versionBefore, IReadOnlyList<IEvent> events,
        string? actor, Instant now, CancellationToken ct, string? knownHead = null)
    {
        var previous = versionBefore == 0 ? Genesis : ParseHex(knownHead) ?? await HeadAsync(session, stream, versionBefore, ct);
        var timestamp = ToStorePrecision(now);
        var serializer = session.DocumentStore.Options.Serializer();
        var version = versionBefore;
        foreach (var e in events)
        {
            e.Timestamp = timestamp.ToDateTimeOffset();
            var hash = Next(previous, new ChainedEvent(stream, ++version, e.EventTypeName, serializer.ToJson(e.Data), actor, timestamp));
            e.SetHeader(Header, Hex(hash));
            previous = hash;
        }
    }

    /// <summary>The chain hash of the stream's event at <paramref name="version"/>: its header, or recomputed for a stream written before the chain.</summary>
    private static async Task<byte[]> HeadAsync(IDocumentSession session, string stream, long version, CancellationToken ct)
    {
        var last = await session.Events.FetchStreamAsync(stream, version, fromVersion: version, token: ct);
        if (last.Count == 1 && ParseHex(HeaderOf(last[0])) is { } stored) return stored;

        var serializer = session.DocumentStore.Options.Serializer();
        var all = await session.Events.FetchStreamAsync(stream, version, token: ct);
        var hash = Genesis;
        foreach (var e in all)
            hash = ParseHex(HeaderOf(e)) ?? Next(hash, new ChainedEvent(stream, e.Version, e.EventTypeName, serializer.ToJson(e.Data), e.UserName,
                Instant.FromDateTimeOffset(e.Timestamp)));
        return hash;
    }
}
