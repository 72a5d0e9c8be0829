using CaseLedger.Domain.Audit;

namespace CaseLedger.Audit;

/// <summary>
/// Checks one stream's stored chain: each event against the stored hash of the event before it, so a
/// finding names the event that was changed, removed, swapped or inserted (docs/integrity.md).
/// </summary>
public static class ChainCheck
{
    public const string Rule = "I14 append-only events: the hash chain";
    public const string Article = "行政处罚法 Art. 47 (full-process record)";

    /// <param name="events">One stream's events in version order.</param>
    public static IReadOnlyList<Finding> Stream(string stream, IEnumerable<StoredEvent> events)
    {
        var findings = new List<Finding>();
        var previous = EventChain.Genesis;
        var expected = 1L;
        foreach (var e in events)
        {
            if (e.Version != expected)
                findings.Add(new Finding(stream, e.Version, "version-gap", "version-gap", Rule, Article,
                    e.Version > expected
                        ? $"Version {(e.Version - 1 == expected ? $"{expected} is" : $"{expected}–{e.Version - 1} are")} missing before version {e.Version}."
                        : $"Version {e.Version} comes again after version {expected - 1}."));
            expected = e.Version + 1;

            var computed = EventChain.Next(previous, e.Chained);
            var stored = EventChain.ParseHex(e.ChainHash);
            if (stored is null)
                findings.Add(new Finding(stream, e.Version, "chain-break", "chain-hash-missing", Rule, Article,
                    $"Event {e.Version} ({e.Type}, sequence {e.Sequence}) carries no chain hash: it was not recorded by the command pipeline."));
            else if (!stored.AsSpan().SequenceEqual(computed))
                findings.Add(new Finding(stream, e.Version, "chain-break", "chain-hash-mismatch", Rule, Article,
                    $"Event {e.Version} ({e.Type}, sequence {e.Sequence}) is not what was chained: its data, type, actor, timestamp or version "
                    + "was changed, or the event before it was removed, replaced or moved."));
            previous = stored ?? computed;
        }
        return findings;
    }
}
