using System.Threading.Channels;
using CaseLedger.Reconsiderations;
using CaseLedger.Domain.Officers;

namespace CaseLedger.Cli.Bench;

/// <summary>What a bulk load wrote: cases and events, the refusals met (a step the rules refused ends its case there), and one case of each kind.</summary>
public sealed record BulkLoaded(int Cases, long Events, int Refused, string? FirstRefusal, string UnderInvestigation, TimeSpan Elapsed);

/// <summary>
/// Loads many cases the fast way and still as the engine records them: each step decided by the engine's own pure deciders
/// (<see cref="PenaltyCase.Decide"/>, <see cref="ReconsiderationCase.Decide"/>, and a reconsideration's effects on its case by
/// <see cref="ReconsiderationDecider.Effects"/>), each event serialized by the store's serializer under its stored type name,
/// with the pipeline's metadata (actor, causation of an effect) and chained as <see cref="EventChain.SealAsync"/> chains it,
/// then written by binary COPY into Marten's own <c>mt_streams</c> and <c>mt_events</c>, a batch of cases at a time. The
/// read models are not written here: the engine's rebuild (<see cref="ReadModels.RebuildAsync"/>) projects them afterwards.
/// </summary>
/// <remarks>
/// Nothing else may append while it runs (it numbers the events itself from the sequence's current value): the scale run
/// loads with no host started. Marten's internals are not used: the two tables and their columns are its documented schema.
/// </remarks>
public sealed class BulkLoad(DocumentStore store, NpgsqlDataSource dataSource, ScaleRegister register, IClock clock, CalendarService calendar)
{
    private const int CasesPerBatch = 2_000;
    private static readonly DateTimeZone Zone = AgencyZone.Shanghai;

    private sealed record Row(Guid Id, string Stream, long Version, string Type, string Json, DateTime At, string DotnetType,
        string? Causation, string Chain, string Actor)
    {
        public string Headers => $"{{\"{EventChain.Header}\": \"{Chain}\"}}";
    }

    private sealed record StreamRow(string Id, string Type, long Version, DateTime Created, DateTime Last);

    private sealed record Batch(List<StreamRow> Streams, List<Row> Events);

    public async Task<BulkLoaded> LoadAsync(int cases, Action<string> progress, CancellationToken ct = default)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var schema = store.Options.Events.DatabaseSchemaName;
        long seq;
        await using (var max = dataSource.CreateCommand($"select coalesce(max(seq_id), 0) from {schema}.mt_events"))
            seq = (long)(await max.ExecuteScalarAsync(ct))!;
        var today = AgencyZone.Today(clock.GetCurrentInstant());
        var serializer = store.Options.Serializer();
        var producers = Environment.ProcessorCount;
        var channel = Channel.CreateBounded<Batch>(producers);
        var refused = 0;
        string? firstRefusal = null;
        string? underInvestigation = null;

        // Batches decided, serialized and chained on every core while the one before is written (the events are numbered
        // as written: a number is no part of the chain).
        var producing = Task.WhenAll(Enumerable.Range(0, producers).Select(k => Task.Run(async () =>
        {
            for (var from = k * CasesPerBatch; from < cases; from += producers * CasesPerBatch)
            {
                var batch = new Batch([], []);
                for (var i = from; i < Math.Min(cases, from + CasesPerBatch); i++)
                {
                    var caseId = StreamKeys.NewCaseId();
                    if (i == 0) underInvestigation = caseId;
                    if (Case(i, caseId, today, serializer, batch) is { } refusal && Interlocked.Increment(ref refused) == 1)
                        firstRefusal = refusal;
                }
                await channel.Writer.WriteAsync(batch, ct);
            }
        }, ct)));
        var producer = producing.ContinueWith(t => channel.Writer.Complete(t.Exception), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

        long events = 0;
        var written = 0;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await foreach (var batch in channel.Reader.ReadAllAsync(ct))
        {
            seq = await WriteAsync(connection, schema, batch, seq, ct);
            events += batch.Events.Count;
            written += batch.Streams.Count(s => s.Type == "case_file");
            if (cases > CasesPerBatch) progress($"scale: {written:N0} of {cases:N0} cases loaded ({events:N0} events)");
        }
        await producer;
        await producing;
        // Marten draws the next events' numbers from its sequence: past the loaded ones.
        await using (var sequence = dataSource.CreateCommand($"select setval('{schema}.mt_events_sequence', (select max(seq_id) from {schema}.mt_events))"))
            await sequence.ExecuteNonQueryAsync(ct);
        return new BulkLoaded(cases, events, refused, firstRefusal, underInvestigation!, started.Elapsed);
    }

    /// <summary>Decides case <paramref name="i"/>'s steps and adds its rows; a refusal ends the case there and is returned.</summary>
    private string? Case(int i, string caseId, LocalDate today, ISerializer serializer, Batch batch)
    {
        var agency = register.Agencies[i % register.Agencies.Count];
        var reconsiderationId = StreamKeys.NewCaseId();
        PenaltyCaseState? state = null;
        ReconsiderationState? reconsideration = null;
        var caseStream = new List<Row>();
        var reconsiderationStream = new List<Row>();
        var minute = 0;
        string? refusal = null;
        foreach (var step in CaseMix.Steps(i, agency, register.Body, today))
        {
            // A business day's steps recorded that day from 09:00 on, a few minutes apart, in the order taken.
            var now = step.On.At(new LocalTime(9, 0)).InZoneLeniently(Zone).ToInstant().Plus(Duration.FromMinutes(minute++));
            if (!step.OnReconsideration)
            {
                var command = (ICaseCommand)step.Command;
                var context = new CaseContext(now, step.By, caseId, register.Officers, command is RegisterLead or FileCase ? agency.Agency : null, calendar.Current);
                var decision = PenaltyCase.Decide(command, state, context);
                if (decision.Refusal is { } r) { refusal = $"case {i}, {command.GetType().Name}: {r.Code}: {r.Message}"; break; }
                Append(caseStream, caseId, decision.Events, step.By.Id, null, now, serializer);
                state = decision.Events.Aggregate(state, PenaltyCase.Evolve);
            }
            else
            {
                var command = step.Command is ApplyForReconsideration apply ? apply with { CaseId = caseId } : (IReconsiderationCommand)step.Command;
                var before = reconsideration;
                IReadOnlyCollection<string> acting = [before?.Application.Body ?? register.Body.Id];
                var context = new CaseContext(now, step.By, reconsiderationId, register.Officers, null, calendar.Current) { ActingAgencies = acting };
                var decision = ReconsiderationCase.Decide(command, before, context, state);
                if (decision.Refusal is { } r) { refusal = $"case {i}, {command.GetType().Name}: {r.Code}: {r.Message}"; break; }
                var appended = Append(reconsiderationStream, reconsiderationId, decision.Events, step.By.Id, null, now, serializer, asEvents: true);
                reconsideration = decision.Events.Aggregate(before, ReconsiderationCase.Evolve);
                // The effects the pipeline carries onto the case right after, as the system, keyed by the causing event.
                foreach (var effect in ReconsiderationDecider.Effects(caseId, appended, null, before))
                {
                    var effectContext = new CaseContext(now, Actor.System, caseId, register.Officers, null, calendar.Current);
                    var carried = PenaltyCase.Decide((ICaseCommand)effect.Command, state, effectContext);
                    if (carried.Refusal is { } e) { refusal = $"case {i}, effect {effect.Key}: {e.Code}: {e.Message}"; break; }
                    Append(caseStream, caseId, carried.Events, Actor.System.Id, effect.Key, now, serializer);
                    state = carried.Events.Aggregate(state, PenaltyCase.Evolve);
                }
                if (refusal is not null) break;
            }
        }
        Add(batch, caseStream, "case_file");
        Add(batch, reconsiderationStream, "reconsideration_file");
        return refusal;
    }

    private static void Add(Batch batch, List<Row> stream, string type)
    {
        if (stream.Count == 0) return;
        batch.Streams.Add(new StreamRow(stream[0].Stream, type, stream[^1].Version, stream[0].At, stream[^1].At));
        batch.Events.AddRange(stream);
    }

    /// <summary>
    /// The rows of one transaction's events, chained after the stream's last one (<see cref="EventChain.SealAsync"/>); as the
    /// projections see them when <paramref name="asEvents"/> (a reconsideration's, whose effects are built from them).
    /// </summary>
    private static List<IEvent> Append(List<Row> stream, string streamId, IReadOnlyList<object> events, string actor, string? causation, Instant now,
        ISerializer serializer, bool asEvents = false)
    {
        var timestamp = EventChain.ToStorePrecision(now);
        var previous = stream.Count == 0 ? EventChain.Genesis : EventChain.ParseHex(stream[^1].Chain)!;
        var appended = new List<IEvent>(events.Count);
        foreach (var data in events)
        {
            var version = stream.Count + 1L;
            var type = EventCatalog.StoredName(data.GetType());
            var json = serializer.ToJson(data);
            var hash = EventChain.Next(previous, streamId, version, type, json, actor, timestamp);
            previous = hash;
            var row = new Row(Guid.CreateVersion7(), streamId, version, type, json, timestamp.ToDateTimeUtc(),
                $"{data.GetType().FullName}, {data.GetType().Assembly.GetName().Name}", causation, EventChain.Hex(hash), actor);
            stream.Add(row);
            if (!asEvents) continue;
            var e = ReadModels.EventOf(data, streamId, version, 0, timestamp.ToDateTimeOffset(), actor, row.Chain);
            e.Id = row.Id;
            appended.Add(e);
        }
        return appended;
    }

    /// <summary>Writes a batch, its events numbered after <paramref name="seq"/>; returns the last number written.</summary>
    private static async Task<long> WriteAsync(NpgsqlConnection connection, string schema, Batch batch, long seq, CancellationToken ct)
    {
        await using (var streams = await connection.BeginBinaryImportAsync(
            $"copy {schema}.mt_streams (id, type, version, timestamp, created, tenant_id, is_archived) from stdin (format binary)", ct))
        {
            foreach (var s in batch.Streams)
            {
                await streams.StartRowAsync(ct);
                await streams.WriteAsync(s.Id, NpgsqlDbType.Varchar, ct);
                await streams.WriteAsync(s.Type, NpgsqlDbType.Varchar, ct);
                await streams.WriteAsync(s.Version, NpgsqlDbType.Bigint, ct);
                await streams.WriteAsync(s.Last, NpgsqlDbType.TimestampTz, ct);
                await streams.WriteAsync(s.Created, NpgsqlDbType.TimestampTz, ct);
                await streams.WriteAsync("*DEFAULT*", NpgsqlDbType.Varchar, ct);
                await streams.WriteAsync(false, NpgsqlDbType.Boolean, ct);
            }
            await streams.CompleteAsync(ct);
        }
        await using var events = await connection.BeginBinaryImportAsync(
            $"copy {schema}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, causation_id, headers, user_name, is_archived) from stdin (format binary)", ct);
        foreach (var e in batch.Events)
        {
            await events.StartRowAsync(ct);
            await events.WriteAsync(++seq, NpgsqlDbType.Bigint, ct);
            await events.WriteAsync(e.Id, NpgsqlDbType.Uuid, ct);
            await events.WriteAsync(e.Stream, NpgsqlDbType.Varchar, ct);
            await events.WriteAsync(e.Version, NpgsqlDbType.Bigint, ct);
            await events.WriteAsync(e.Json, NpgsqlDbType.Jsonb, ct);
            await events.WriteAsync(e.Type, NpgsqlDbType.Varchar, ct);
            await events.WriteAsync(e.At, NpgsqlDbType.TimestampTz, ct);
            await events.WriteAsync("*DEFAULT*", NpgsqlDbType.Varchar, ct);
            await events.WriteAsync(e.DotnetType, NpgsqlDbType.Varchar, ct);
            if (e.Causation is null) await events.WriteNullAsync(ct);
            else await events.WriteAsync(e.Causation, NpgsqlDbType.Varchar, ct);
            await events.WriteAsync(e.Headers, NpgsqlDbType.Jsonb, ct);
            await events.WriteAsync(e.Actor, NpgsqlDbType.Varchar, ct);
            await events.WriteAsync(false, NpgsqlDbType.Boolean, ct);
        }
        await events.CompleteAsync(ct);
        return seq;
    }
}
