using System.Collections.Concurrent;
using CaseLedger.Calendar;
using CaseLedger.Domain;
using CaseLedger.Cases;
using CaseLedger.Domain.Penalty;
using JasperFx.Events;
using JasperFx.Events.Aggregation;
using JasperFx.Events.Daemon;
using JasperFx.Events.Grouping;
using Marten;
using Marten.Events.Aggregation;
using NodaTime;

namespace CaseLedger.Supervision;

/// <summary>
/// Inline: what supervisors see of a case (<see cref="CaseSupervision"/>) is computed, in the transaction of each command,
/// from the case file at the command's last event (<see cref="StreamFiles"/>), its deadlines up to that event's business date.
/// It keeps no copy of the state and never folds its own previous document, so it is rebuilt by Marten like any other.
/// </summary>
public sealed class CaseSupervisionProjection : SingleStreamProjection<CaseSupervision, string>, IDerivedProjection
{
    private readonly CaseFileProjection _files;
    private readonly CalendarService _calendar;
    private readonly ConcurrentDictionary<string, CaseFile> _loaded = new();

    public CaseSupervisionProjection(CaseFileProjection files, CalendarService calendar)
    {
        _files = files;
        _calendar = calendar;
        foreach (var type in PenaltyCase.EventTypes) IncludeType(type);
    }

    public IReadOnlyList<string> DerivedFrom => [_files.Name];

    /// <summary>In a rebuild: the stored case files of a page's streams in one read, where each slice would read its own.</summary>
    public override async Task EnrichEventsAsync(SliceGroup<CaseSupervision, string> group, IQuerySession querySession, CancellationToken cancellation)
    {
        var ids = group.Slices.Where(s => s.Events().Count > 0 && s.Events()[0].Version > 1).Select(s => s.Id).ToArray();
        if (ids.Length == 0) return;
        foreach (var file in await querySession.LoadManyAsync<CaseFile>(cancellation, ids)) _loaded[file.Id] = file;
    }

    public override async ValueTask<(CaseSupervision?, ActionType)> DetermineActionAsync(IQuerySession session, CaseSupervision? snapshot, string identity,
        IIdentitySetter<CaseSupervision, string> identitySetter, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        _loaded.TryRemove(identity, out var stored);
        if (await StreamFiles.AfterAsync(_files, session, identity, events, stored, cancellation) is not { State: not null } file)
            return (snapshot, ActionType.Nothing);
        return (Of(file, Instant.FromDateTimeOffset(events[^1].Timestamp)), ActionType.Store);
    }

    /// <summary>What supervisors see of the case in <paramref name="file"/>, whose latest event was recorded at <paramref name="recordedAt"/>.</summary>
    // Deadlines that grow with time (an open suspension) are computed up to the business date of the latest event.
    public CaseSupervision Of(CaseFile file, Instant recordedAt) =>
        CaseSupervision.Of(file.Id, file.Version, file.State!, AgencyZone.Today(recordedAt), _calendar.Current, _calendar.Stamp);
}

/// <summary>A projection computed from another's documents: rebuilding that one rebuilds this one after it.</summary>
public interface IDerivedProjection
{
    IReadOnlyList<string> DerivedFrom { get; }
}
