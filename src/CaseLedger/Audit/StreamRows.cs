using CaseLedger.Domain.Audit;

namespace CaseLedger.Audit;

/// <summary>
/// Marten's stream table against the events stored: each stream's row names the version it has reached, and
/// nothing CaseLedger does archives a stream. A stream archived, a stream whose events are gone, events without
/// their stream's row, or a row ahead of the last stored event (events cut off the end) are findings.
/// Read in the same snapshot as the events (<see cref="StoredLog.StreamAsync"/>), so a concurrent append is no finding.
/// </summary>
public static class StreamRows
{
    public static IEnumerable<Finding> Check(IReadOnlyList<StoredStream> rows, IReadOnlyDictionary<string, IReadOnlyList<StoredEvent>> streams, string? scope)
    {
        var byId = rows.ToDictionary(r => r.Id);
        foreach (var row in rows.Where(r => r.Id != Tombstones.Stream))
        {
            var events = streams.GetValueOrDefault(row.Id);
            var last = events is { Count: > 0 } ? events.Max(e => e.Version) : 0;
            if (row.Archived)
                yield return Of(row.Id, null, "hidden", "stream-archived",
                    $"Stream '{row.Id}' carries Marten's archived flag: its events no longer load and its commands fail. CaseLedger never sets it (closing and archiving a case are events).");
            if (events is null)
                yield return Of(row.Id, null, "version-gap", "stream-events-missing",
                    $"Stream '{row.Id}' is registered at version {row.Version} but none of its events is stored: they were deleted.");
            else if (row.Version is { } version && version > last)
                yield return Of(row.Id, last + 1, "version-gap", "stream-end-missing",
                    $"Stream '{row.Id}' is registered at version {version} but its stored events end at version {last}: the last were deleted.");
        }
        foreach (var (id, events) in streams)
            if (id != Tombstones.Stream && (scope is null || scope == id) && !byId.ContainsKey(id))
                yield return Of(id, events[0].Version, "version-gap", "stream-row-missing",
                    $"Stream '{id}' has {events.Count} stored event(s) but no row in Marten's stream table: the row was deleted, or the events were moved here.");
    }

    private static Finding Of(string stream, long? version, string kind, string code, string message) =>
        new(stream, version, kind, code, ChainCheck.Rule, ChainCheck.Article, message);
}
