using JasperFx.Events;
using JasperFx.Events.Aggregation;
using Marten;

namespace CaseLedger.Supervision;

/// <summary>The stored file of one stream (a case file, a proceeding's file): its stream's id and the version it was folded to.</summary>
public interface IStreamFile
{
    string Id { get; }
    long Version { get; }
}

/// <summary>
/// The file of a stream right after a slice of its events, for the projections whose documents are computed from that
/// file (what supervisors see, snapshots): those keep no copy of the state, so they find it here, whatever runs them.
/// </summary>
/// <remarks>
/// Inline, the file's own projection has just produced it in the same unit of work (it is among the pending changes) and
/// nothing is read. In a rebuild by Marten's daemon, a slice that opens its stream is folded from nothing; otherwise the
/// stored file is used when it stands exactly before or at the slice, and the stream's events up to the slice are folded
/// when it does not (a file being rebuilt beside, or forged), from an <c>earlier</c> file the caller knows when it does: the answer never depends on what order projections run in.
/// </remarks>
public static class StreamFiles
{
    public static async ValueTask<TFile?> AfterAsync<TFile>(IAggregator<TFile, string, IQuerySession> fold, IQuerySession session, string id,
        IReadOnlyList<IEvent> events, TFile? stored, CancellationToken ct, Func<ValueTask<TFile?>>? earlier = null)
        where TFile : class, IStreamFile
    {
        var (first, last) = (events[0].Version, events[^1].Version);
        if (Pending<TFile>(session, id) is { } pending && pending.Version == last) return pending;
        if (first == 1) return await fold.BuildAsync(events, session, null, id, new NulloIdentitySetter<TFile, string>(), ct);
        stored ??= await session.LoadAsync<TFile>(id, ct);
        if (stored?.Version == last) return stored;
        if (stored?.Version == first - 1) return await fold.BuildAsync(events, session, stored, id, new NulloIdentitySetter<TFile, string>(), ct);
        var start = earlier is null ? null : await earlier();
        return await AtAsync(fold, session, id, last, ct, start, start is null ? 0 : start.Version + 1);
    }

    /// <summary>The file of <paramref name="id"/> stored in the unit of work <paramref name="session"/> is committing, if any.</summary>
    private static TFile? Pending<TFile>(IQuerySession session, string id) where TFile : class, IStreamFile
    {
        if (session is not IDocumentSession writing) return null;
        try
        {
            return writing.PendingChanges.AllChangedFor<TFile>().LastOrDefault(f => f.Id == id);
        }
        catch (NotSupportedException)
        {
            // The daemon's projection batch keeps no pending documents to look at.
            return null;
        }
    }

    /// <summary>The file folded from the stream's stored events up to <paramref name="version"/> (with <paramref name="from"/> as the file before <paramref name="fromVersion"/>).</summary>
    public static async ValueTask<TFile?> AtAsync<TFile>(IAggregator<TFile, string, IQuerySession> fold, IQuerySession session, string id, long version,
        CancellationToken ct, TFile? from = null, long fromVersion = 0)
        where TFile : class, IStreamFile
    {
        var events = await session.Events.FetchStreamAsync(id, version, fromVersion: fromVersion, token: ct);
        return events.Count == 0 ? from : await fold.BuildAsync(events, session, from, id, new NulloIdentitySetter<TFile, string>(), ct);
    }
}
