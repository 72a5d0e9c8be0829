using CaseLedger.Calendar;
using CaseLedger.Commands;
using CaseLedger.Domain;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using NodaTime;

namespace CaseLedger.Supervision;

/// <summary>
/// Inline: what supervisors see of a linked proceeding (<see cref="RemedySupervision"/>), one projection over the three
/// kinds that share its table, computed from the proceeding's file at the command's last event (<see cref="StreamFiles{TFile}"/>).
/// </summary>
public sealed class RemedySupervisionProjection(CalendarService calendar, params IReadOnlyList<RemedySupervisionProjection.IKind> kinds)
    : DerivedProjection<RemedySupervision>(kinds.Select(k => k.Files))
{
    /// <summary>The kind of proceeding a file projection folds.</summary>
    public static IKind Of<TFile, TState>(StateFileProjection<TFile, TState> files) where TFile : StateFile<TState>, new() where TState : class =>
        new Kind<TFile, TState>(files);

    protected override async Task BeforeAsync(IDocumentOperations operations, IReadOnlyList<(string Id, IReadOnlyList<IEvent> Events)> streams,
        CancellationToken cancellation)
    {
        foreach (var kind in kinds)
        {
            var ids = streams.Where(s => s.Events[0].Version > 1 && kind.Takes(s.Events[0].EventType)).Select(s => s.Id).ToArray();
            if (ids.Length > 0) await kind.LoadAsync(operations, ids, cancellation);
        }
    }

    public override async Task<IReadOnlyList<RemedySupervision>> DocumentsAsync(IQuerySession session, string id, IReadOnlyList<IEvent> slice,
        CancellationToken cancellation)
    {
        var today = AgencyZone.Today(Instant.FromDateTimeOffset(slice[^1].Timestamp));
        return await kinds.First(k => k.Takes(slice[0].EventType)).SupervisionAsync(session, id, slice, today, calendar, cancellation) is { } supervision
            ? [supervision]
            : [];
    }

    /// <summary>One kind of proceeding: its file's projection, which folds the file the supervision is computed from.</summary>
    public interface IKind
    {
        ProjectionBase Files { get; }
        bool Takes(Type eventType);
        Task LoadAsync(IQuerySession session, string[] ids, CancellationToken ct);
        ValueTask<RemedySupervision?> SupervisionAsync(IQuerySession session, string id, IReadOnlyList<IEvent> events, LocalDate today,
            CalendarService calendar, CancellationToken ct);
    }

    private sealed class Kind<TFile, TState>(StateFileProjection<TFile, TState> files) : IKind
        where TFile : StateFile<TState>, new()
        where TState : class
    {
        private readonly StreamFiles<TFile> _files = new(files);

        public ProjectionBase Files => files;

        public bool Takes(Type eventType) => files.IncludedEventTypes.Contains(eventType);

        public Task LoadAsync(IQuerySession session, string[] ids, CancellationToken ct) => _files.LoadAsync(session, ids, ct);

        public async ValueTask<RemedySupervision?> SupervisionAsync(IQuerySession session, string id, IReadOnlyList<IEvent> events,
            LocalDate today, CalendarService calendar, CancellationToken ct) =>
            await _files.AfterAsync(session, id, events, ct) is { State: not null } file
                ? RemedySupervision.Of(file, today, calendar.Current, calendar.Stamp)
                : null;
    }
}
