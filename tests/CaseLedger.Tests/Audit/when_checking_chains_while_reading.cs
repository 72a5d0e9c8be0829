using System.Text;
using System.Text.Json;
using CaseLedger.Audit;
using NodaTime;

namespace CaseLedger.Tests.Audit;

/// <summary>
/// The log is checked on a second thread while it is read (<see cref="ChainCheck.Checking"/>): it must find
/// exactly what checking each stream on its own finds, in the same order, and fail as that does.
/// </summary>
public class when_checking_chains_while_reading
{
    private static readonly Instant At = Instant.FromUtc(2026, 3, 2, 1, 30, 0);

    private static List<StoredEvent> Chain(string stream, int count, long firstSequence)
    {
        var events = new List<StoredEvent>();
        var previous = EventChain.Genesis;
        for (var version = 1; version <= count; version++)
        {
            var data = $$"""{"caseId": "{{stream}}", "amount": {{version}}.50, "note": "第{{version}}号 \"x\"\n"}""";
            var e = new StoredEvent(firstSequence + version, stream, version, "payment_recorded", data, "zhang-wei", At.PlusTicks(version * 17), null);
            previous = EventChain.Next(previous, e.Chained);
            events.Add(e with { ChainHash = EventChain.Hex(previous) });
        }
        return events;
    }

    private static List<StoredEvent> TamperedLog()
    {
        var a = Chain("a", 300, 0);
        a[10] = a[10] with { DataJson = a[10].DataJson.Replace("11.50", "11.5", StringComparison.Ordinal) }; // same value: no finding
        a[20] = a[20] with { DataJson = a[20].DataJson.Replace("21.50", "21.60", StringComparison.Ordinal) };
        a.RemoveAt(150);
        a[200] = a[200] with { ChainHash = null };
        a[250] = a[250] with { ChainHash = a[250].ChainHash!.ToUpperInvariant() };
        var b = Chain("b", 5, 1000);
        (b[1], b[2]) = (b[2] with { Version = 2 }, b[1] with { Version = 3 });
        var c = Chain("c", 130, 2000);
        c[129] = c[129] with { Actor = "li-na" };
        return [.. a, .. b, .. c];
    }

    private static async IAsyncEnumerable<StoredEvent> Read(IEnumerable<StoredEvent> events)
    {
        foreach (var e in events)
        {
            await Task.Yield();
            yield return e;
        }
    }

    [Fact]
    public async Task it_finds_what_each_stream_checked_on_its_own_finds_in_the_same_order()
    {
        var log = TamperedLog();
        var expected = log.GroupBy(e => e.Stream).SelectMany(s => ChainCheck.Stream(s.Key, s)).ToList();
        Assert.Equal(["chain-hash-mismatch", "version-gap", "chain-hash-mismatch", "chain-hash-missing", "chain-hash-missing", "chain-hash-mismatch",
            "chain-hash-mismatch", "chain-hash-mismatch", "chain-hash-mismatch"], expected.Select(f => f.Code));

        var chains = new ChainCheck();
        var passed = new List<StoredEvent>();
        await foreach (var e in chains.Checking(Read(log))) passed.Add(e);

        Assert.Equal(log, passed);
        Assert.Equal(log.Count, chains.Events);
        Assert.Equal(expected, chains.Findings);
    }

    [Fact]
    public async Task an_event_whose_data_cannot_be_read_ends_the_check_with_its_error()
    {
        var log = Chain("a", 400, 0);
        log[300] = log[300] with { DataJson = """{"caseId": "a", "amount": }""" };
        var chains = new ChainCheck();
        await Assert.ThrowsAnyAsync<JsonException>(async () => { await foreach (var _ in chains.Checking(Read(log))) { } });
    }

    [Theory]
    [InlineData(1970, 1, 1, 0L, "1970-01-01T00:00:00.000000Z")]
    [InlineData(2026, 3, 2, 1_234_567L, "2026-03-02T00:00:00.123456Z")]
    [InlineData(1969, 12, 31, 9_999_999L, "1969-12-31T00:00:00.999999Z")]
    [InlineData(1, 1, 1, 0L, "0001-01-01T00:00:00.000000Z")]
    [InlineData(9999, 12, 31, 9_999_999L, "9999-12-31T00:00:00.999999Z")]
    public void the_timestamp_is_written_with_six_fraction_digits_as_formatted(int year, int month, int day, long ticks, string expected)
    {
        var instant = Instant.FromUtc(year, month, day, 0, 0).PlusTicks(ticks);
        Assert.Equal(expected, EventChain.FormatTimestamp(instant));
        Assert.Contains($"\"timestamp\":\"{expected}\"", Canonical(instant, 1), StringComparison.Ordinal);
    }

    [Fact]
    public void timestamps_outside_years_1_to_9999_are_written_as_formatted()
    {
        var instant = Instant.FromUtc(-5, 1, 1, 0, 0).PlusTicks(-3);
        Assert.Contains($"\"timestamp\":\"{EventChain.FormatTimestamp(instant)}\"", Canonical(instant, 1), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1L, "1")]
    [InlineData(9_007_199_254_740_991L, "9007199254740991")]
    [InlineData(9_007_199_254_740_993L, "9007199254740992")]
    [InlineData(long.MaxValue, "9223372036854776000")]
    public void the_version_is_a_json_number_as_a_double_holds_it(long version, string expected) =>
        Assert.EndsWith($"\"version\":{expected}}}", Canonical(At, version), StringComparison.Ordinal);

    [Fact]
    public void envelope_strings_are_escaped_minimally()
    {
        var canonical = Encoding.UTF8.GetString(EventChain.Canonical(new ChainedEvent("s\u0001\"案😀", 1, "t\\", "{}", "a\nb", At)));
        Assert.Equal("{\"actor\":\"a\\nb\",\"data\":{},\"stream\":\"s\\u0001\\\"案😀\",\"timestamp\":\"2026-03-02T01:30:00.000000Z\",\"type\":\"t\\\\\",\"version\":1}", canonical);
    }

    private static string Canonical(Instant timestamp, long version) =>
        Encoding.UTF8.GetString(EventChain.Canonical(new ChainedEvent("s", version, "t", "null", null, timestamp)));
}
