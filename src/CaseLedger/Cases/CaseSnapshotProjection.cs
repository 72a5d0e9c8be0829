using CaseLedger.Domain.Penalty;
using CaseLedger.Supervision;
using JasperFx.Events;
using JasperFx.Events.Aggregation;
using Marten;
using NodaTime;

namespace CaseLedger.Cases;

/// <summary>
/// Inline: a <see cref="CaseSnapshot"/> of the case at each version that is a multiple of <see cref="CaseSnapshot.Interval"/>,
/// for replay to start from: the case file before a stream's events (<see cref="StreamFiles{TFile}"/>) folded on through
/// them, a snapshot stored at each multiple passed (a command's events can cross one in their middle).
/// </summary>
public sealed class CaseSnapshotProjection(CaseFileProjection files) : DerivedProjection<CaseSnapshot>([files], [typeof(LeadRegistered)])
{
    private readonly StreamFiles<CaseFile> _files = new(files);

    public override async Task<IReadOnlyList<CaseSnapshot>> DocumentsAsync(IQuerySession session, string id, IReadOnlyList<IEvent> slice,
        CancellationToken cancellation)
    {
        var (first, last) = (slice[0].Version, slice[^1].Version);
        // A slice that crosses no multiple needs nothing (in a rebuild, the next slice that does finds its start stored or folds it).
        if (last / CaseSnapshot.Interval * CaseSnapshot.Interval < first) return [];
        var (committed, _) = StreamFiles<CaseFile>.Pending(session, id);
        var file = await _files.BeforeAsync(session, id, first, committed, cancellation);
        var snapshots = new List<CaseSnapshot>();
        foreach (var e in slice)
        {
            file = await ((IAggregator<CaseFile, string, IQuerySession>)files).BuildAsync([e], session, file, id,
                new NulloIdentitySetter<CaseFile, string>(), cancellation);
            if (e.Version % CaseSnapshot.Interval == 0 && file is { State: not null }) snapshots.Add(Of(file, Instant.FromDateTimeOffset(e.Timestamp)));
        }
        if (committed && file is not null) _files.Keep(id, file);
        return snapshots;
    }

    /// <summary>In a rebuild, only a case as long as a snapshot interval is folded again, from its stored events.</summary>
    protected override async Task<IReadOnlyList<CaseSnapshot>> RebuiltAsync(IQuerySession session, string[] ids, CancellationToken cancellation)
    {
        var snapshots = new List<CaseSnapshot>();
        // Only the ids are read: most cases are shorter than the interval and have no snapshot to rebuild.
        var longCases = await session.Query<CaseFile>().Where(f => f.Id.IsOneOf(ids) && f.Version >= CaseSnapshot.Interval)
            .Select(f => f.Id).ToListAsync(cancellation);
        foreach (var id in longCases)
        {
            var events = await session.Events.FetchStreamAsync(id, token: cancellation);
            snapshots.AddRange(await DocumentsAsync(session, id, [.. events.Where(e => SourceEventTypes.Contains(e.EventType))], cancellation));
        }
        return snapshots;
    }

    /// <summary>A snapshot of the case in <paramref name="file"/>, for replay to start from.</summary>
    public static CaseSnapshot Of(CaseFile file, Instant recordedAt) => new()
    {
        Id = $"{file.Id}@{file.Version}",
        CaseId = file.Id,
        Version = file.Version,
        RecordedAt = recordedAt,
        RecordedAtTicks = recordedAt.ToUnixTimeTicks(),
        State = file.State,
    };
}
