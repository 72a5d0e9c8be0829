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
/// </remarks>
public abstract class DerivedProjection<TDoc> : ProjectionBase, IProjection, IDerivedProjection where TDoc : notnull
{
    protected DerivedProjection(IEnumerable<ProjectionBase> sources)
    {
        Name = typeof(TDoc).Name;
        DerivedFrom = [.. sources.Select(s => s.Name)];
        foreach (var type in sources.SelectMany(s => s.IncludedEventTypes).Distinct()) IncludeType(type);
        Options.DeleteViewTypeOnTeardown<TDoc>();
    }

    public IReadOnlyList<string> DerivedFrom { get; }

    private HashSet<Type>? _types;

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        // Inline, Marten hands an IProjection every event of the unit of work, whatever its type.
        _types ??= [.. IncludedEventTypes];
        var streams = events.Where(e => e.StreamKey is not null && _types.Contains(e.EventType)).GroupBy(e => e.StreamKey!)
            .Select(g => (Id: g.Key, Events: (IReadOnlyList<IEvent>)[.. g.OrderBy(e => e.Version)])).ToList();
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
    /// The documents of one stream after its <paramref name="slice"/> of events: what inline and rebuild write, and what
    /// the audit compares the stored ones with (<see cref="Hosting.ReadModels.ProjectAsync"/>).
    /// </summary>
    public abstract Task<IReadOnlyList<TDoc>> DocumentsAsync(IQuerySession session, string id, IReadOnlyList<IEvent> slice, CancellationToken cancellation);
}

/// <summary>A projection computed from another's documents: rebuilding that one rebuilds this one with it.</summary>
public interface IDerivedProjection
{
    IReadOnlyList<string> DerivedFrom { get; }
}

/// <summary>A projection that reads other streams' documents while it folds: a rebuild runs it once those are rebuilt.</summary>
public interface IReadsOtherStreams;
