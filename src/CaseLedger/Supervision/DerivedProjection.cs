using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;

namespace CaseLedger.Supervision;

/// <summary>
/// A read model computed from a stream's file (<see cref="StreamFiles{TFile}"/>) rather than folded from its own previous
/// document: what supervisors see of a case or a proceeding, the case snapshots. Marten's <see cref="IProjection"/>, given
/// the events of a unit of work inline or of a page in a rebuild, and handed each stream's slice of them in version order.
/// </summary>
/// <remarks>
/// Not a single-stream projection: inline, that loads its previous document on every command, which this one never reads.
/// Registered inline, rebuilt by Marten's daemon like any projection (its documents deleted first, <see cref="AsyncOptions.DeleteViewTypeOnTeardown{T}"/>).
/// <para>
/// One that names its streams' opening events (<see cref="DerivedProjection{TDoc}(IEnumerable{ProjectionBase}, IReadOnlyCollection{Type})"/>)
/// is rebuilt from its source's files, rebuilt just before it from the same events (<see cref="Hosting.ReadModels"/>): the
/// daemon hands it each stream once, at its opening event, instead of decoding every event of the stream a second time.
/// </para>
/// </remarks>
public abstract class DerivedProjection<TDoc> : ProjectionBase, IProjection, IDerivedProjection where TDoc : notnull
{
    private readonly bool _rebuiltFromFiles;

    protected DerivedProjection(IEnumerable<ProjectionBase> sources) : this(sources, null) { }

    /// <param name="sources">The projections whose files this one is computed from.</param>
    /// <param name="openings">The events every one of the sources' streams opens with (a stream without one has no file): when given, a rebuild hands only these.</param>
    protected DerivedProjection(IEnumerable<ProjectionBase> sources, IReadOnlyCollection<Type>? openings)
    {
        var list = sources.ToList();
        Name = typeof(TDoc).Name;
        DerivedFrom = [.. list.Select(s => s.Name)];
        SourceEventTypes = [.. list.SelectMany(s => s.IncludedEventTypes).Distinct()];
        _rebuiltFromFiles = openings is not null;
        foreach (var type in openings ?? SourceEventTypes) IncludeType(type);
        Options.DeleteViewTypeOnTeardown<TDoc>();
    }

    public IReadOnlyList<string> DerivedFrom { get; }

    /// <summary>Every event type the sources fold: what a unit of work's slice and the audit's fold are made of.</summary>
    public IReadOnlyList<Type> SourceEventTypes { get; }

    private HashSet<Type>? _types;

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        // Inline, Marten hands an IProjection every event of the unit of work, whatever its type.
        _types ??= [.. SourceEventTypes];
        var streams = events.Where(e => e.StreamKey is not null && _types.Contains(e.EventType)).GroupBy(e => e.StreamKey!)
            .Select(g => (Id: g.Key, Events: (IReadOnlyList<IEvent>)[.. g.OrderBy(e => e.Version)])).ToList();
        if (_rebuiltFromFiles && DerivedProjections.RunsInDaemon(operations))
        {
            var ids = streams.Select(s => s.Id).ToArray();
            foreach (var document in await RebuiltAsync(operations, ids, cancellation)) operations.Store(document);
            return;
        }
        await BeforeAsync(operations, streams, cancellation);
        foreach (var (id, slice) in streams)
        {
            var documents = await DocumentsAsync(operations, id, slice, cancellation);
            if (documents.Count > 0) operations.Store([.. documents]);
        }
    }

    /// <summary>Reads ahead what the slices of a page need, in one read.</summary>
    protected virtual Task BeforeAsync(IDocumentOperations operations, IReadOnlyList<(string Id, IReadOnlyList<IEvent> Events)> streams,
        CancellationToken cancellation) => Task.CompletedTask;

    /// <summary>
    /// In a rebuild of one that names its openings: the documents of the streams <paramref name="ids"/> at their latest
    /// version, from their files just rebuilt.
    /// </summary>
    protected virtual Task<IReadOnlyList<TDoc>> RebuiltAsync(IQuerySession session, string[] ids, CancellationToken cancellation) =>
        throw new NotSupportedException($"{Name} names its streams' openings but cannot be rebuilt from their files.");

    /// <summary>
    /// The documents of one stream after its <paramref name="slice"/> of events: what inline and rebuild write, and what
    /// the audit compares the stored ones with (<see cref="Hosting.ReadModels.ProjectAsync"/>).
    /// </summary>
    public abstract Task<IReadOnlyList<TDoc>> DocumentsAsync(IQuerySession session, string id, IReadOnlyList<IEvent> slice, CancellationToken cancellation);
}

/// <summary>What every derived projection shares, whatever its document.</summary>
public static class DerivedProjections
{
    /// <summary>Whether Marten's daemon runs the projection on stored events (a rebuild), rather than a command's unit of work or a plain query.</summary>
    public static bool RunsInDaemon(IQuerySession session)
    {
        // A plain query (the audit) is not the daemon: it must see the stored events as they are now, altered or not.
        if (session is not IDocumentSession writing) return false;
        try
        {
            _ = writing.PendingChanges.AllChangedFor<object>();
            return false;
        }
        catch (NotSupportedException)
        {
            // The daemon's projection batch keeps no pending documents: it projects stored events.
            return true;
        }
    }
}

/// <summary>A projection computed from another's documents: rebuilding that one rebuilds this one with it.</summary>
public interface IDerivedProjection
{
    IReadOnlyList<string> DerivedFrom { get; }

    /// <summary>Every event type the sources fold.</summary>
    IReadOnlyList<Type> SourceEventTypes { get; }
}

/// <summary>A projection that reads other streams' documents while it folds: a rebuild runs it once those are rebuilt.</summary>
public interface IReadsOtherStreams;
