using System.Collections.Concurrent;
using CaseLedger.Calendar;
using CaseLedger.Domain;
using CaseLedger.Commands;
using JasperFx.Events;
using JasperFx.Events.Aggregation;
using JasperFx.Events.Daemon;
using JasperFx.Events.Grouping;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Aggregation;
using NodaTime;

namespace CaseLedger.Supervision;

/// <summary>
/// Inline: what supervisors see of a linked proceeding (<see cref="RemedySupervision"/>), one projection over the three
/// kinds that share its table, computed from the proceeding's file at the command's last event (<see cref="StreamFiles"/>).
/// </summary>
public sealed class RemedySupervisionProjection : SingleStreamProjection<RemedySupervision, string>, IDerivedProjection
{
    private readonly IReadOnlyList<IKind> _kinds;
    private readonly CalendarService _calendar;
    private readonly ConcurrentDictionary<string, object> _loaded = new();

    public RemedySupervisionProjection(CalendarService calendar, params IEnumerable<IKind> kinds)
    {
        _calendar = calendar;
        _kinds = [.. kinds];
        foreach (var type in _kinds.SelectMany(k => k.Files.IncludedEventTypes)) IncludeType(type);
    }

    public IReadOnlyList<string> DerivedFrom => [.. _kinds.Select(k => k.Files.Name)];

    /// <summary>The kind of proceeding a file projection folds.</summary>
    public static IKind Of<TFile, TState>(StateFileProjection<TFile, TState> files) where TFile : StateFile<TState>, new() where TState : class =>
        new Kind<TFile, TState>(files);

    /// <summary>In a rebuild: the stored files of a page's streams in one read per kind, where each slice would read its own.</summary>
    public override async Task EnrichEventsAsync(SliceGroup<RemedySupervision, string> group, IQuerySession querySession, CancellationToken cancellation)
    {
        foreach (var kind in _kinds)
        {
            var ids = group.Slices.Where(s => s.Events().Count > 0 && s.Events()[0].Version > 1 && kind.Takes(s.Events()[0].EventType))
                .Select(s => s.Id).ToArray();
            if (ids.Length > 0) await kind.LoadAsync(querySession, ids, _loaded, cancellation);
        }
    }

    public override async ValueTask<(RemedySupervision?, ActionType)> DetermineActionAsync(IQuerySession session, RemedySupervision? snapshot,
        string identity, IIdentitySetter<RemedySupervision, string> identitySetter, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        _loaded.TryRemove(identity, out var stored);
        var kind = _kinds.First(k => k.Takes(events[0].EventType));
        var today = AgencyZone.Today(Instant.FromDateTimeOffset(events[^1].Timestamp));
        return await kind.SupervisionAsync(session, identity, events, stored, today, _calendar, cancellation) is { } supervision
            ? (supervision, ActionType.Store)
            : (snapshot, ActionType.Nothing);
    }

    /// <summary>One kind of proceeding: its file's projection, which folds the file the supervision is computed from.</summary>
    public interface IKind
    {
        ProjectionBase Files { get; }
        bool Takes(Type eventType);
        Task LoadAsync(IQuerySession session, string[] ids, ConcurrentDictionary<string, object> into, CancellationToken ct);
        ValueTask<RemedySupervision?> SupervisionAsync(IQuerySession session, string id, IReadOnlyList<IEvent> events, object? stored, LocalDate today,
            CalendarService calendar, CancellationToken ct);
    }

    private sealed class Kind<TFile, TState>(StateFileProjection<TFile, TState> files) : IKind
        where TFile : StateFile<TState>, new()
        where TState : class
    {
        public ProjectionBase Files => files;

        public bool Takes(Type eventType) => files.IncludedEventTypes.Contains(eventType);

        public async Task LoadAsync(IQuerySession session, string[] ids, ConcurrentDictionary<string, object> into, CancellationToken ct)
        {
            foreach (var file in await session.LoadManyAsync<TFile>(ct, ids)) into[file.Id] = file;
        }

        public async ValueTask<RemedySupervision?> SupervisionAsync(IQuerySession session, string id, IReadOnlyList<IEvent> events, object? stored,
            LocalDate today, CalendarService calendar, CancellationToken ct) =>
            await StreamFiles.AfterAsync(files, session, id, events, stored as TFile, ct) is { State: not null } file
                ? RemedySupervision.Of(file, today, calendar.Current, calendar.Stamp)
                : null;
    }
}
