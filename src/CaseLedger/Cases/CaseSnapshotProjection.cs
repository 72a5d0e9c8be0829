using CaseLedger.Domain.Penalty;
using CaseLedger.Supervision;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using NodaTime;

namespace CaseLedger.Cases;

/// <summary>
/// Inline: a <see cref="CaseSnapshot"/> of the case at each version that is a multiple of <see cref="CaseSnapshot.Interval"/>,
/// for replay to start from. The state at that version is the case file the command just produced, or else (a command
/// that crossed the interval in the middle of its events, a rebuild) the previous snapshot with the events since folded onto it.
/// </summary>
public sealed partial class CaseSnapshotProjection : EventProjection, IDerivedProjection
{
    private readonly CaseFileProjection _files;

    public CaseSnapshotProjection(CaseFileProjection files)
    {
        _files = files;
        Name = nameof(CaseSnapshot);
        foreach (var type in PenaltyCase.EventTypes) IncludeType(type);
        Options.DeleteViewTypeOnTeardown<CaseSnapshot>();
    }

    public IReadOnlyList<string> DerivedFrom => [_files.Name];

    public override async ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        if (e.Version % CaseSnapshot.Interval != 0) return;
        var id = e.StreamKey!;
        var previous = e.Version - CaseSnapshot.Interval;
        var file = await StreamFiles.AfterAsync(_files, operations, id, [e], null, cancellation, async () =>
            previous > 0 && await operations.LoadAsync<CaseSnapshot>(IdOf(id, previous), cancellation) is { State: not null } earlier
                ? new CaseFile { Id = id, Version = previous, State = earlier.State }
                : null);
        if (file is { State: not null }) operations.Store(Of(file, Instant.FromDateTimeOffset(e.Timestamp)));
    }

    public static string IdOf(string caseId, long version) => $"{caseId}@{version}";

    /// <summary>A snapshot of the case in <paramref name="file"/>, for replay to start from.</summary>
    public static CaseSnapshot Of(CaseFile file, Instant recordedAt) => new()
    {
        Id = IdOf(file.Id, file.Version),
        CaseId = file.Id,
        Version = file.Version,
        RecordedAt = recordedAt,
        RecordedAtTicks = recordedAt.ToUnixTimeTicks(),
        State = file.State,
    };
}
