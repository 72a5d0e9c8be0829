using CaseLedger.Domain.Penalty;
using CaseLedger.Hosting;
using Marten;
using NodaTime;
using Npgsql;

namespace CaseLedger.Cases;

/// <summary>
/// The case's state at a past version, stored when the stream crosses every <see cref="Interval"/>th
/// version, so that replaying a long case as of a past moment folds at most that many events.
/// </summary>
public sealed class CaseSnapshot
{
    /// <summary>
    /// Every 50 versions: replay folds at most 49 events onto a snapshot, about a millisecond in <c>caseledger bench</c>, at the
    /// cost of one stored state (a few kilobytes) per 50 events.
    /// </summary>
    public const int Interval = 50;

    public string Id { get; set; } = "";
    public string CaseId { get; set; } = "";
    public long Version { get; set; }
    public Instant RecordedAt { get; set; }

    /// <summary><see cref="RecordedAt"/> as Unix ticks: Marten's LINQ compares primitives, not NodaTime values.</summary>
    public long RecordedAtTicks { get; set; }
    public PenaltyCaseState? State { get; set; }
}

/// <summary>A case exactly as it stood at a past instant or version, from the stored events.</summary>
/// <param name="Folded">How many events were folded onto the nearest snapshot (or from the first event) to get there.</param>
public sealed record CaseAsOf(long Version, Instant? RecordedAt, PenaltyCaseState? State, int Folded);

public static class CaseHistory
{
    /// <summary>The case as it stood at <paramref name="asOf"/> (events recorded up to and including that instant).</summary>
    public static Task<CaseAsOf> AsOfAsync(IQuerySession session, string caseId, Instant asOf, CancellationToken ct = default) =>
        ReadAsync(session, caseId, "(data ->> 'recordedAtTicks')::bigint <= @ticks", "e.timestamp <= @asOf", ct, command =>
        {
            command.Parameters.AddWithValue("ticks", asOf.ToUnixTimeTicks());
            command.Parameters.AddWithValue("asOf", asOf);
        });

    /// <summary>The case as it stood at stream version <paramref name="version"/>.</summary>
    public static Task<CaseAsOf> AtVersionAsync(IQuerySession session, string caseId, long version, CancellationToken ct = default) =>
        ReadAsync(session, caseId, "(data ->> 'version')::bigint <= @version", "e.version <= @version", ct,
            command => command.Parameters.AddWithValue("version", version));

    /// <summary>
    /// The nearest snapshot at or before the moment and the case's events after it up to the moment, in one statement: one
    /// round trip, and one view of the store, so a snapshot taken meanwhile cannot hide events from the fold.
    /// </summary>
    private static async Task<CaseAsOf> ReadAsync(IQuerySession session, string caseId, string snapshotUpTo, string eventUpTo,
        CancellationToken ct, Action<NpgsqlCommand> bind)
    {
        var options = session.DocumentStore.Options;
        var snapshots = options.FindOrResolveDocumentType(typeof(CaseSnapshot)).TableName.QualifiedName;
        await using var command = new NpgsqlCommand($"""
            with snapshot as (
                select data from {snapshots}
                where data ->> 'caseId' = @caseId and {snapshotUpTo}
                order by (data ->> 'version')::bigint desc limit 1)
            select 0::bigint as version, null::varchar as type, data, null::timestamptz as timestamp from snapshot
            union all
            select e.version, e.type, e.data, e.timestamp from {options.Events.DatabaseSchemaName}.mt_events e
            where e.stream_id = @caseId and {eventUpTo}
              and e.version > coalesce((select (data ->> 'version')::bigint from snapshot), 0)
            order by version
            """);
        command.Parameters.AddWithValue("caseId", caseId);
        bind(command);

        var serializer = options.Serializer();
        var state = (PenaltyCaseState?)null;
        long version = 0;
        Instant? recordedAt = null;
        var folded = 0;
        await using var reader = await session.ExecuteReaderAsync(command, ct);
        while (await reader.ReadAsync(ct))
        {
            if (await reader.IsDBNullAsync(1, ct))
            {
                var snapshot = (CaseSnapshot)serializer.FromJson(typeof(CaseSnapshot), reader, 2);
                (state, version, recordedAt) = (snapshot.State, snapshot.Version, snapshot.RecordedAt);
                continue;
            }
            var storedType = reader.GetString(1);
            var type = EventCatalog.TypeOf(storedType)
                ?? throw new InvalidOperationException($"Case {caseId} holds an event of a type this build does not know: {storedType}.");
            state = PenaltyCase.Evolve(state, serializer.FromJson(type, reader, 2));
            version = reader.GetInt64(0);
            recordedAt = reader.GetFieldValue<Instant>(3);
            folded++;
        }
        return new CaseAsOf(version, recordedAt, state, folded);
    }
}
