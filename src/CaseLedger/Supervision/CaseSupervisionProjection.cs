using CaseLedger.Calendar;
using CaseLedger.Cases;
using CaseLedger.Domain;
using CaseLedger.Domain.Penalty;
using JasperFx.Events;
using Marten;
using NodaTime;

namespace CaseLedger.Supervision;

/// <summary>
/// Inline: what supervisors see of a case (<see cref="CaseSupervision"/>) is computed, in the transaction of each command,
/// from the case file at the command's last event (<see cref="StreamFiles{TFile}"/>), its deadlines up to that event's
/// business date. It keeps no copy of the state, so Marten rebuilds it like any other projection.
/// </summary>
public sealed class CaseSupervisionProjection(CaseFileProjection files, CalendarService calendar)
    : DerivedProjection<CaseSupervision>([files], [typeof(LeadRegistered)])
{
    private readonly StreamFiles<CaseFile> _files = new(files);

    protected override Task BeforeAsync(IDocumentOperations operations, IReadOnlyList<(string Id, IReadOnlyList<IEvent> Events)> streams,
        CancellationToken cancellation) =>
        _files.LoadAsync(operations, streams.Where(s => s.Events[0].Version > 1).Select(s => s.Id), cancellation);

    public override async Task<IReadOnlyList<CaseSupervision>> DocumentsAsync(IQuerySession session, string id, IReadOnlyList<IEvent> slice,
        CancellationToken cancellation) =>
        await _files.AfterAsync(session, id, slice, cancellation) is { State: not null } file
            ? [Of(file, file.RecordedAt)]
            : [];

    protected override async Task<IReadOnlyList<CaseSupervision>> RebuiltAsync(IQuerySession session, string[] ids, CancellationToken cancellation) =>
        [.. (await session.LoadManyAsync<CaseFile>(cancellation, ids)).Where(f => f.State is not null).Select(f => Of(f, f.RecordedAt))];

    /// <summary>What supervisors see of the case in <paramref name="file"/>, whose latest event was recorded at <paramref name="recordedAt"/>.</summary>
    // Deadlines that grow with time (an open suspension) are computed up to the business date of the latest event.
    public CaseSupervision Of(CaseFile file, Instant recordedAt) =>
        CaseSupervision.Of(file.Id, file.Version, file.State!, AgencyZone.Today(recordedAt), calendar.Current, calendar.Stamp);
}
