using System.Collections.Concurrent;
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
/// The file of a stream around a slice of its events, for the projections whose documents are computed from that file
/// (what supervisors see, snapshots): those keep no copy of the state, so they find it here, whatever runs them, with the
/// file's own projection's fold (<paramref name="fold"/>).
/// </summary>
/// <remarks>
/// Inline, the file's own projection has just produced the file in the same unit of work (it is among the pending changes)
/// and nothing is read; the file before the slice is the stored one, the transaction's events not being in the table yet.
/// In a rebuild by Marten's daemon, a slice that opens its stream is folded from nothing; a later one from the file this
/// fold left at the slice before (kept here per stream: stored events never change, so a file at a version stays true),
/// or the stored file when it stands exactly before the slice, or else from the stored events (a file being rebuilt
/// beside, or forged): the answer never depends on what order projections run in.
/// </remarks>
public sealed class StreamFiles<TFile>(IAggregator<TFile, string, IQuerySession> fold) where TFile : class, IStreamFile
{
    private const int Kept = 20_000;
    private readonly ConcurrentDictionary<string, TFile> _folded = new();
    private readonly ConcurrentDictionary<string, TFile> _loaded = new();

    /// <summary>Stored files read ahead for a page of slices in a rebuild, in one read (inline, the pending file is used: nothing is read).</summary>
    public async Task LoadAsync(IQuerySession session, IEnumerable<string> ids, CancellationToken ct)
    {
        if (!Pending(session, "").Committed) return;
        var wanted = ids.Where(id => !_folded.ContainsKey(id)).ToArray();
        if (wanted.Length == 0) return;
        foreach (var file in await session.LoadManyAsync<TFile>(ct, wanted)) _loaded[file.Id] = file;
    }

    /// <summary>The file right after <paramref name="events"/>, the stream's events of one slice in version order.</summary>
    public async ValueTask<TFile?> AfterAsync(IQuerySession session, string id, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        var (committed, pending) = Pending(session, id);
        if (pending is not null && pending.Version == events[^1].Version) return pending;
        var before = await BeforeAsync(session, id, events[0].Version, committed, ct);
        var after = await fold.BuildAsync(events, session, before, id, new NulloIdentitySetter<TFile, string>(), ct);
        if (committed && after is not null) Keep(id, after);
        return after;
    }

    /// <summary>The file right before version <paramref name="first"/> (null before the first event), from the stored events.</summary>
    public async ValueTask<TFile?> BeforeAsync(IQuerySession session, string id, long first, bool committed, CancellationToken ct)
    {
        if (first <= 1) return null;
        _loaded.TryRemove(id, out var stored);
        if (committed && _folded.TryGetValue(id, out var folded) && folded.Version == first - 1) return folded;
        stored ??= await session.LoadAsync<TFile>(id, ct);
        if (stored?.Version == first - 1) return stored;
        var events = await session.Events.FetchStreamAsync(id, first - 1, token: ct);
        return events.Count == 0 ? null : await fold.BuildAsync(events, session, null, id, new NulloIdentitySetter<TFile, string>(), ct);
    }

    /// <summary>Keeps the file a fold of stored events gave, for the next slice of its stream.</summary>
    public void Keep(string id, TFile file)
    {
        if (_folded.Count > Kept) _folded.Clear();
        _folded[id] = file;
    }

    /// <summary>
    /// Whether the projection runs in Marten's daemon on stored events (so a file folded from them may be kept for the next
    /// slice), and inline, the file of <paramref name="id"/> the unit of work is storing, if any.
    /// </summary>
    public static (bool Committed, TFile? Pending) Pending(IQuerySession session, string id) =>
        session is not IDocumentSession writing ? (false, null)
        : DerivedProjections.RunsInDaemon(session) ? (true, null)
        : (false, writing.PendingChanges.AllChangedFor<TFile>().LastOrDefault(f => f.Id == id));
}
