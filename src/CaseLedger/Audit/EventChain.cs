using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Instant ToStorePrecision(Instant instant)
    {
        var ticks = instant.ToUnixTimeTicks();
        return Instant.FromUnixTimeTicks(ticks - (((ticks % 10) + 10) % 10));
    }

    public static string FormatTimestamp(Instant instant) => Microseconds.Format(ToStorePrecision(instant));

    /// <summary>The canonical bytes of an event: JCS of {actor, data, stream, timestamp, type, version}.</summary>
    public static byte[] Canonical(ChainedEvent e)
    {
        var output = Utf8Buffer.Rent();
        try
        {
            WriteCanonical(output, e.Stream, e.Version, e.Type, e.DataJson, e.Actor, e.Timestamp);
            return output.Written.ToArray();
        }
        finally
        {
            Utf8Buffer.Return(output);
        }
    }

    public static byte[] Next(ReadOnlySpan<byte> previous, ChainedEvent e) =>
        Next(previous, e.Stream, e.Version, e.Type, e.DataJson, e.Actor, e.Timestamp);

    /// <summary>SHA-256(previous ‖ canonical(event)), the canonical bytes written right behind the previous hash.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static byte[] Next(ReadOnlySpan<byte> previous, string stream, long version, string type, string dataJson, string? actor, Instant timestamp)
    {
        var input = Utf8Buffer.Rent();
        try
        {
            input.Append(previous);
            WriteCanonical(input, stream, version, type, dataJson, actor, timestamp);
            return SHA256.HashData(input.Written);
        }
        finally
        {
            Utf8Buffer.Return(input);
        }
    }

    /// <summary>
    /// The envelope written in its canonical member order. Its own strings are written as JSON strings
    /// (a lone surrogate as U+FFFD); the data is canonicalized one level below the envelope, so it may nest
    /// one level less than a value of its own.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteCanonical(Utf8Buffer output, string stream, long version, string type, string dataJson, string? actor, Instant timestamp)
    {
        output.Append("{\"actor\":"u8);
        if (actor is null) output.Append("null"u8);
        else CanonicalJson.AppendString(output, actor);
        output.Append(",\"data\":"u8);
        CanonicalJson.Append(output, dataJson, CanonicalJson.MaxDepth - 1);
        output.Append(",\"stream\":"u8);
        CanonicalJson.AppendString(output, stream);
        output.Append(",\"timestamp\":\""u8);
        WriteTimestamp(output, timestamp);
        output.Append("\",\"type\":"u8);
        CanonicalJson.AppendString(output, type);
        output.Append(",\"version\":"u8);
        CanonicalJson.AppendNumber(output, version);
        output.Append((byte)'}');
    }

    /// <summary><see cref="FormatTimestamp"/> written as ASCII digits; years outside 1–9999 take the pattern.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteTimestamp(Utf8Buffer output, Instant timestamp)
    {
        var instant = ToStorePrecision(timestamp);
        if (instant < FirstYear)
        {
            output.AppendAscii(Microseconds.Format(instant));
            return;
        }
        var utc = instant.ToDateTimeUtc();
        var span = output.GetSpan(27);
        Digits(span, 0, 4, utc.Year);
        span[4] = (byte)'-';
        Digits(span, 5, 2, utc.Month);
        span[7] = (byte)'-';
        Digits(span, 8, 2, utc.Day);
        span[10] = (byte)'T';
        Digits(span, 11, 2, utc.Hour);
        span[13] = (byte)':';
        Digits(span, 14, 2, utc.Minute);
        span[16] = (byte)':';
        Digits(span, 17, 2, utc.Second);
        span[19] = (byte)'.';
        Digits(span, 20, 6, (int)(utc.Ticks % TimeSpan.TicksPerSecond / 10));
        span[26] = (byte)'Z';
        output.Advance(27);
    }

    private static readonly Instant FirstYear = Instant.FromUtc(1, 1, 1, 0, 0);

    private static void Digits(Span<byte> span, int at, int count, int value)
    {
        for (var i = at + count - 1; i >= at; i--)
        {
            span[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }

    public static string Hex(ReadOnlySpan<byte> hash) => Convert.ToHexStringLower(hash);

    /// <summary>64 lowercase hex digits, exactly as written: any other spelling is not a chain hash.</summary>
    public static byte[]? ParseHex(string? hex) =>
        hex is { Length: 64 } && !hex.AsSpan().ContainsAnyExcept(LowerHex) ? Convert.FromHexString(hex) : null;

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

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
