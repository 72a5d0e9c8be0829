using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CaseLedger.Access;
using CaseLedger.Audit;
using CaseLedger.Calendar;
using CaseLedger.Cases;
using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.Reconsideration;
using CaseLedger.Hosting;
using CaseLedger.Json;
using CaseLedger.Server;
using CaseLedger.Subscriptions;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;
using NpgsqlTypes;
using Wolverine;

namespace CaseLedger.Cli.Bench;

/// <summary>
/// <c>caseledger bench</c>: CaseLedger measured side by side with the machine's own limits in one run on
/// one PostgreSQL, because only ratios measured together mean anything on a shared, noisy machine.
/// </summary>
public sealed partial class Benchmark(string connectionString, BenchSizes sizes, IClock clock, Action<string> progress, string? postgresDataDirectory = null)
{
    private readonly CpuMeter _cpu = new(postgresDataDirectory);
    private static readonly int[] Concurrencies = [1, 4, 16];
    private const string Media = "5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";

    /// <summary>
    /// Everything the benchmark writes lives in schemas of its own, created afresh and dropped at the end: on a
    /// CASELEDGER_DB that also holds a real store, its immutable event log and read models are never touched.
    /// </summary>
    public const string Schema = "caseledger_bench";
    public const string BareMartenSchema = "caseledger_bench_bare_marten";
    public const string MartenCommandSchema = "caseledger_bench_marten_command";
    public const string RawSchema = "caseledger_bench_raw";

    private readonly List<BenchFigure> _figures = [];

    /// <summary>The benchmark's checkpoints are signed with a throwaway key, never with the store's own.</summary>
    private readonly string _checkpointKey = Path.Combine(Path.GetTempPath(), $"caseledger-bench-{Guid.NewGuid():N}.pem");

    public async Task<IReadOnlyList<BenchFigure>> RunAsync()
    {
        await DropSchemasAsync();
        try
        {
            return await MeasureAsync();
        }
        finally
        {
            await DropSchemasAsync();
            File.Delete(_checkpointKey);
        }
    }

    private async Task DropSchemasAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var drop = dataSource.CreateCommand($"drop schema if exists {Schema}, {BareMartenSchema}, {MartenCommandSchema}, {RawSchema} cascade");
        await drop.ExecuteNonQueryAsync();
    }

    private async Task<IReadOnlyList<BenchFigure>> MeasureAsync()
    {
        var settings = new CaseLedgerSettings(connectionString, clock) { Schema = Schema, CheckpointKeyPath = _checkpointKey };
        await using var app = CaseLedgerServer.Build(settings, "http://127.0.0.1:0", l => l.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        var store = app.Services.GetRequiredService<IDocumentStore>();
        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
        var bus = app.Services.GetRequiredService<IMessageBus>();
        var demo = new DemoRun(bus, clock);
        var register = await demo.RegisterAgencyAndOfficersAsync();
        var body = await demo.RegisterReconsiderationBodyAsync();
        var officers = register.Officers.Where(o => o.Certificate is not null).Take(2).Select(o => o.Id).ToArray();
        var head = register.Officers.Single(o => o.Roles.Contains(Role.AgencyHead) && o.Id.StartsWith("chen", StringComparison.Ordinal)).Id;
        // The agencies' own heads record the commands (they record for the officers a step names); an administrator records none.
        _caseRecorder = register.Actor(head);
        _bodyRecorder = body.Actor(body.Head);
        var today = AgencyZone.Today(clock.GetCurrentInstant());
        var evidence = new CollectEvidence(EvidenceKind.InspectionRecord, "现场检查笔录", officers, today, Media);

        // A general-procedure case from lead to archive, as an agency records it: the whole-case row runs it, and the
        // other rows' cases are set up with its first steps.
        var fine = new PenaltyTerm(PenaltyKind.Fine, 3_000m);
        var discretion = new Discretion("bench", "ordinary", "bench");
        ICaseCommand[] lifecycle =
        [
            new RegisterLead(register.AgencyId, Procedure.General, new Party(PartyKind.Organisation, "基准测试有限公司", "91370100MA3C000000"),
                new Violation("bench", today.PlusDays(-30), false, ViolationCategory.Ordinary), "bench", today.PlusDays(-20), officers),
            new FileCase(today.PlusDays(-19), head, officers, officers[0]),
            evidence with { CollectedOn = today.PlusDays(-18) },
            evidence with { Kind = EvidenceKind.Documentary, Description = "营业执照复印件", CollectedOn = today.PlusDays(-18) },
            new ConcludeInvestigation(InvestigationOutcome.Penalty, [fine], discretion, false, false, today.PlusDays(-17), officers),
            new ServePenaltyNotice([fine], today.PlusDays(-16), ServiceMethod.Direct, officers),
            new WaiveRights(today.PlusDays(-15), null, Media),
            new MakeDecision(InvestigationOutcome.Penalty, [fine], discretion, head, today.PlusDays(-14), Media),
            new ServeDecision(today.PlusDays(-13), ServiceMethod.Direct, false, officers),
            new RecordPayment(3_000m, today.PlusDays(-12), "BENCH-0001"),
            new CloseCase(head, today.PlusDays(-11)),
            new ArchiveCase(head, today.PlusDays(-10)),
        ];

        async Task<string> CaseThroughAsync(Type lastStep)
        {
            var caseId = StreamKeys.NewCaseId();
            foreach (var command in lifecycle)
            {
                await RunAsync(bus, caseId, command);
                if (command.GetType() == lastStep) return caseId;
            }
            throw new InvalidOperationException($"The benchmark's case has no step {lastStep.Name}.");
        }

        Task<string> FiledCaseAsync() => CaseThroughAsync(typeof(FileCase));

        // A reconsideration of a served decision, accepted and under way: its investigations are the remedy commands measured.
        async Task<string> ReconsiderationUnderWayAsync()
        {
            var caseId = await CaseThroughAsync(typeof(ServeDecision));
            var reconsiderationId = StreamKeys.NewCaseId();
            await RunAsync(bus, reconsiderationId, new ApplyForReconsideration(caseId, new Party(PartyKind.Organisation, "基准测试有限公司", "91370100MA3C000000"),
                today.PlusDays(-13), today.PlusDays(-10), true, body.AgencyId, "撤销行政处罚决定", ReceivedBy: [body.Staff1]));
            await RunAsync(bus, reconsiderationId, new AcceptApplication(today.PlusDays(-9), [body.Staff1]));
            return reconsiderationId;
        }

        await RawLimitAsync(dataSource, JsonSerializer.Serialize(Sample(StreamKeys.NewCaseId(), evidence, today, 1), CaseLedgerJson.Stored));
        using var bare = await PlainStoreAsync(dataSource, BareMartenSchema);
        _bareAppends = concurrency => BareAppends(bare, concurrency, evidence, today);
        await BareMartenAsync(_bareAppends);
        await MartenCommandPatternAsync(dataSource, evidence, today);
        await CommandsInProcessAsync(bus, evidence, FiledCaseAsync);
        await WholeCasesInProcessAsync(bus, lifecycle);
        await RemedyCommandsInProcessAsync(bus, new Investigate(today.PlusDays(-8), null, [body.Staff1, body.Staff2]), ReconsiderationUnderWayAsync);
        await ReadAndDecideAsync(store, app.Services.GetServices<IStreamDecider>(), evidence, FiledCaseAsync);
        await CommandsOverHttpAsync(app, register.Officers.Single(o => o.Id == officers[0]).Token, evidence, FiledCaseAsync);
        await PeakMemoryAsync(settings, register.Officers.Single(o => o.Id == officers[0]).Token, evidence, FiledCaseAsync);
        await StartUpAsync(settings, register.Officers.Single(o => o.Id == officers[0]).Token, evidence, FiledCaseAsync);
        await ReplayAsync(store, bus, evidence, FiledCaseAsync);
        // Before the board's 100,000 seeded documents, whose autovacuum would otherwise run under the verification.
        await VerificationAsync(app.Services.GetRequiredService<StoredLog>());
        await ExportsAsync(app.Services, () => CaseThroughAsync(typeof(ArchiveCase)));
        await FeedAsync(app);
        await WebhooksAsync(app, dataSource, bus, evidence, FiledCaseAsync);
        await DeadlineBoardAsync(app, store, register.AgencyId, officers, head);
        await app.StopAsync();
        await RebuildAsync(settings);
        return _figures;
    }

    /// <summary>
    /// The machine's own limits, on rows shaped like CaseLedger's stored events: the same event JSON (<paramref name="payload"/>),
    /// a chain-hash header, the actor, and a unique (stream, version) index beside the sequence, as the event table has.
    /// </summary>
    private async Task RawLimitAsync(NpgsqlDataSource dataSource, string payload)
    {
        progress("raw limit: binary COPY and one durable commit per row");
        await using (var create = dataSource.CreateCommand($"""
            create schema if not exists {RawSchema};
            create table {RawSchema}.events (seq bigserial primary key, id uuid not null, stream text not null, version bigint not null, type text not null,
                data jsonb not null, headers jsonb, ts timestamptz not null, actor text, unique (stream, version))
            """))
            await create.ExecuteNonQueryAsync();
        var headers = JsonSerializer.Serialize(new Dictionary<string, string> { [EventChain.Header] = Media });

        // The median of three passes, like every one-shot figure compared with it: one pass on a shared machine is noise.
        var copies = new List<double>();
        for (var pass = 0; pass < Passes; pass++)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            await using (var connection = await dataSource.OpenConnectionAsync())
            await using (var writer = await connection.BeginBinaryImportAsync($"copy {RawSchema}.events (id, stream, version, type, data, headers, ts, actor) from stdin (format binary)"))
            {
                for (var i = 0; i < sizes.CopyRows; i++)
                {
                    await writer.StartRowAsync();
                    await writer.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                    await writer.WriteAsync($"stream-{i % 1000}", NpgsqlDbType.Text);
                    await writer.WriteAsync((long)pass * sizes.CopyRows + i, NpgsqlDbType.Bigint);
                    await writer.WriteAsync("evidence_collected", NpgsqlDbType.Text);
                    await writer.WriteAsync(payload, NpgsqlDbType.Jsonb);
                    await writer.WriteAsync(headers, NpgsqlDbType.Jsonb);
                    await writer.WriteAsync(clock.GetCurrentInstant().ToDateTimeUtc(), NpgsqlDbType.TimestampTz);
                    await writer.WriteAsync("bench", NpgsqlDbType.Text);
                }
                await writer.CompleteAsync();
            }
            copies.Add(sizes.CopyRows / started.Elapsed.TotalSeconds);
        }
        Add(new BenchFigure("raw limit", "Npgsql binary COPY", 1, sizes.CopyRows, Median(copies), null, null, Unit: "rows/s"));

        var version = 0L;
        foreach (var concurrency in Concurrencies)
        {
            var measured = await Measure.ConcurrentlyAsync(concurrency, Ops(concurrency), _cpu, async (worker, i) =>
            {
                await using var insert = dataSource.CreateCommand(
                    $"insert into {RawSchema}.events (id, stream, version, type, data, headers, ts, actor) values ($1, $2, $3, $4, $5::jsonb, $6::jsonb, now(), 'bench')");
                insert.Parameters.Add(new NpgsqlParameter { Value = Guid.CreateVersion7() });
                insert.Parameters.Add(new NpgsqlParameter { Value = $"w{worker}" });
                insert.Parameters.Add(new NpgsqlParameter { Value = Interlocked.Increment(ref version) });
                insert.Parameters.Add(new NpgsqlParameter { Value = "evidence_collected" });
                insert.Parameters.Add(new NpgsqlParameter { Value = payload });
                insert.Parameters.Add(new NpgsqlParameter { Value = headers });
                await insert.ExecuteNonQueryAsync();
            });
            Add("raw limit", "one durable commit per row", concurrency, measured);
        }
    }

    /// <summary>
    /// Marten alone: the same event appended by a plain store with the same serializer and stream identity
    /// but none of CaseLedger's projections, rules or pipeline, in a schema of its own.
    /// </summary>
    private static async Task<DocumentStore> PlainStoreAsync(NpgsqlDataSource dataSource, string schema, Action<StoreOptions>? more = null)
    {
        var store = DocumentStore.For(options =>
        {
            options.Connection(dataSource);
            options.DatabaseSchemaName = schema;
            options.UseSystemTextJsonForSerialization(Weasel.Core.EnumStorage.AsString, Weasel.Core.Casing.CamelCase, o => CaseLedgerJson.Configure(o));
            options.Events.StreamIdentity = StreamIdentity.AsString;
            more?.Invoke(options);
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return store;
    }

    /// <summary>Bare Marten's appends at one concurrency, each worker on a stream of its own: measured alone, and again beside each figure compared with it.</summary>
    private static Func<int, int, Task> BareAppends(IDocumentStore bare, int concurrency, CollectEvidence evidence, LocalDate today)
    {
        var streams = Enumerable.Range(0, concurrency).Select(_ => $"bench-{Guid.NewGuid():N}").ToArray();
        return async (worker, i) =>
        {
            await using var session = bare.LightweightSession();
            session.Events.Append(streams[worker], Sample(streams[worker], evidence, today, i));
            await session.SaveChangesAsync();
        };
    }

    private async Task BareMartenAsync(Func<int, Func<int, int, Task>> bareAppends)
    {
        progress("bare Marten: one event appended per transaction");
        foreach (var concurrency in Concurrencies)
        {
            var measured = await Measure.ConcurrentlyAsync(concurrency, Ops(concurrency), _cpu, bareAppends(concurrency));
            Add("bare Marten", BareAppend, concurrency, measured, "one durable commit per row", Raw("one durable commit per row", concurrency));
        }
    }

    private const string BareAppend = "append, one event per transaction";

    /// <summary>How a figure compared with bare Marten names its reference: the append measured in slices alternating with it.</summary>
    private const string BareMartenAlongside = "bare Marten alongside";

    /// <summary>
    /// A figure whose target's reference is bare Marten, measured in slices alternating with bare Marten's append at the same
    /// concurrency (<see cref="Measure.AlternatelyAsync"/>): on a shared machine two figures taken minutes apart are not comparable.
    /// </summary>
    private async Task AgainstBareMartenAsync(string group, string name, int concurrency, int operationsPerWorker, Func<int, int, Task> operation,
        long? operations = null)
    {
        var (measured, reference) = await Measure.AlternatelyAsync(concurrency, operationsPerWorker, _cpu, operation, _bareAppends!(concurrency));
        Add(group, name, concurrency, measured, BareMartenAlongside, reference.PerSecond, operations, reference.PerSecond);
    }

    private Func<int, Func<int, int, Task>>? _bareAppends;

    /// <summary>
    /// Marten's own pattern for a command that checks state, with nothing of CaseLedger's: fetch the stream for writing, append
    /// one event, and let an inline projection keep a small snapshot document in the same transaction. Its ratio to the bare
    /// append is what a read and one inline document cost in Marten itself, before any rule, chain hash or board.
    /// </summary>
    private async Task MartenCommandPatternAsync(NpgsqlDataSource dataSource, CollectEvidence evidence, LocalDate today)
    {
        progress("bare Marten: fetch for writing, append, inline snapshot");
        using var marten = await PlainStoreAsync(dataSource, MartenCommandSchema,
            options => options.Projections.Add<EvidenceTallyProjection>(JasperFx.Events.Projections.ProjectionLifecycle.Inline));
        foreach (var concurrency in Concurrencies)
        {
            var streams = Enumerable.Range(0, concurrency).Select(_ => $"bench-{Guid.NewGuid():N}").ToArray();
            await AgainstBareMartenAsync("bare Marten", MartenCommandPattern, concurrency, Ops(concurrency), async (worker, i) =>
            {
                await using var session = marten.LightweightSession();
                var stream = await session.Events.FetchForWriting<EvidenceTally>(streams[worker]);
                stream.AppendOne(Sample(streams[worker], evidence, today, i));
                await session.SaveChangesAsync();
            });
        }
    }

    public const string MartenCommandPattern = "fetch for writing, append, inline snapshot";

    /// <summary>Real cases are tens of events long: each worker moves to a fresh filed case every so many commands.</summary>
    private const int CommandsPerCase = 40;

    private static async Task<string[][]> CasesForAsync(int concurrency, int operationsPerWorker, Func<Task<string>> filedCase)
    {
        var perWorker = (operationsPerWorker + 20) / CommandsPerCase + 1;
        var cases = new string[concurrency][];
        for (var worker = 0; worker < concurrency; worker++)
            cases[worker] = await Task.WhenAll(Enumerable.Range(0, perWorker).Select(_ => filedCase()));
        return cases;
    }

    private static string CaseFor(string[][] cases, int worker, int i) => cases[worker][(i % (cases[worker].Length * CommandsPerCase)) / CommandsPerCase];

    private async Task CommandsInProcessAsync(IMessageBus bus, CollectEvidence evidence, Func<Task<string>> filedCase)
    {
        progress("CaseLedger commands in process (Wolverine, all rules, inline projections)");
        foreach (var concurrency in Concurrencies)
        {
            var cases = await CasesForAsync(concurrency, Ops(concurrency), filedCase);
            await AgainstBareMartenAsync("CaseLedger", "collect-evidence in process", concurrency, Ops(concurrency),
                (worker, i) => RunAsync(bus, CaseFor(cases, worker, i), evidence));
        }
    }

    /// <summary>
    /// Whole cases, one command after another: each worker records cases from lead to archive, so the mix of commands is an
    /// agency's (filing reads the agency and its policy, the decision checks review and hearing rights, closing the payment)
    /// rather than one command repeated. Throughput and latency are per command.
    /// </summary>
    private async Task WholeCasesInProcessAsync(IMessageBus bus, IReadOnlyList<ICaseCommand> lifecycle)
    {
        progress("CaseLedger whole penalty cases in process, lead to archive");
        foreach (var concurrency in Concurrencies)
        {
            // Whole cases only; the warm-up then also starts at a lead, on cases of its own.
            var perWorker = (Ops(concurrency) + lifecycle.Count - 1) / lifecycle.Count * lifecycle.Count;
            var cases = new System.Collections.Concurrent.ConcurrentDictionary<(int Worker, int Case), string>();
            await AgainstBareMartenAsync("CaseLedger", $"whole cases in process, lead to archive ({lifecycle.Count} commands each)", concurrency, perWorker,
                (worker, i) => RunAsync(bus, cases.GetOrAdd((worker, i / lifecycle.Count), _ => StreamKeys.NewCaseId()), lifecycle[i % lifecycle.Count]),
                concurrency * perWorker);
        }
    }

    /// <summary>The linked proceedings' commands go through the same pipeline with their own decider and board document.</summary>
    private async Task RemedyCommandsInProcessAsync(IMessageBus bus, Investigate investigate, Func<Task<string>> reconsiderationUnderWay)
    {
        progress("CaseLedger remedy commands in process (a reconsideration's investigations)");
        foreach (var concurrency in Concurrencies)
        {
            var streams = await CasesForAsync(concurrency, Ops(concurrency), reconsiderationUnderWay);
            await AgainstBareMartenAsync("CaseLedger", "reconsideration investigate in process", concurrency, Ops(concurrency),
                // Each investigation its own: the same one recorded twice is one investigation, and nothing is appended.
                (worker, i) => RunAsync(bus, CaseFor(streams, worker, i), investigate with { Description = $"调查取证 {worker}-{i}" }));
        }
    }

    /// <summary>
    /// Where a command's time goes: the same command's read (case file, officers, stream version) and pure decision, with
    /// nothing written, as the pipeline does them. Its ratio to bare Marten bounds what any saving on the read could give.
    /// </summary>
    private async Task ReadAndDecideAsync(IDocumentStore store, IEnumerable<IStreamDecider> deciders, CollectEvidence evidence, Func<Task<string>> filedCase)
    {
        progress("CaseLedger commands: the read and the decision alone, nothing written");
        var decider = deciders.First(d => d.Handles(evidence));
        foreach (var concurrency in Concurrencies)
        {
            var cases = await CasesForAsync(concurrency, Ops(concurrency), filedCase);
            await AgainstBareMartenAsync("diagnosis", "collect-evidence: read and decide only, nothing written", concurrency, Ops(concurrency), async (worker, i) =>
            {
                await using var session = store.LightweightSession();
                await session.BeginTransactionAsync(CancellationToken.None);
                var pending = await decider.DecideAsync(new RunCommand(CaseFor(cases, worker, i), evidence, _caseRecorder), session,
                    clock.GetCurrentInstant(), CancellationToken.None);
                if (pending.Decision.Refusal is { } refusal)
                    throw new InvalidOperationException($"The benchmark's command was refused: {refusal.Code}: {refusal.Message}");
            });
        }
    }

    /// <summary>An HTTP client of the benchmark's server, sending <paramref name="token"/>.</summary>
    private static HttpClient ClientOf(WebApplication app, string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A client with a new administrator's token: supervisors' and integrators' reads see every agency.</summary>
    private async Task<HttpClient> AdministratorClientAsync(WebApplication app)
    {
        var token = ApiTokens.NewToken();
        await using (var session = app.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Store(ApiTokens.Record(token, ApiTokens.BootstrapAdminId, clock.GetCurrentInstant()));
            await session.SaveChangesAsync();
        }
        return ClientOf(app, token);
    }

    /// <summary>Sent as an enforcement officer of the agency sends them: with the officer's own token.</summary>
    private async Task CommandsOverHttpAsync(WebApplication app, string officerToken, CollectEvidence evidence, Func<Task<string>> filedCase)
    {
        progress("CaseLedger commands over HTTP, with an officer's token");
        using var client = ClientOf(app, officerToken);
        var body = JsonSerializer.Serialize(evidence, CaseLedgerJson.Responses);
        // Integrators send each command with an Idempotency-Key, so that a retried request appends once: measured both ways.
        var run = Guid.NewGuid().ToString("N");
        foreach (var keyed in new[] { false, true })
        foreach (var concurrency in Concurrencies)
        {
            var cases = await CasesForAsync(concurrency, Ops(concurrency), filedCase);
            await AgainstBareMartenAsync("CaseLedger", keyed ? "collect-evidence over HTTP, Idempotency-Key" : "collect-evidence over HTTP", concurrency, Ops(concurrency), async (worker, i) =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{CaseFor(cases, worker, i)}/collect-evidence")
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/json"),
                };
                if (keyed) request.Headers.Add("Idempotency-Key", $"bench-{run}-{concurrency}-{worker}-{i}");
                using var response = await client.SendAsync(request);
                if (!response.IsSuccessStatusCode)
                    throw new InvalidOperationException($"The benchmark's command was refused: {await response.Content.ReadAsStringAsync()}");
            });
        }
    }

    private async Task ReplayAsync(IDocumentStore store, IMessageBus bus, CollectEvidence evidence, Func<Task<string>> filedCase)
    {
        foreach (var length in new[] { sizes.ShortCase, sizes.LongCase })
        {
            progress($"replay: a case of {length} events as of a past instant");
            var caseId = await filedCase();
            var today = AgencyZone.Today(clock.GetCurrentInstant());
            // Marten stamps a transaction's events with one instant: the last snapshot interval is written one event per
            // transaction, as commands write them, so that its instants are distinct and replay can stop between them.
            for (var written = 2; written < length;)
            {
                var count = length - written > CaseSnapshot.Interval ? Math.Min(500, length - CaseSnapshot.Interval - written) : 1;
                await using var session = store.LightweightSession();
                session.LastModifiedBy = "bench";
                var stream = await session.Events.FetchForWriting<CaseFile>(caseId);
                var versionBefore = stream.CurrentVersion ?? 0;
                stream.AppendMany(Enumerable.Range(written, count).Select(i => (object)Sample(caseId, evidence, today, i)));
                written += count;
                // Chained as the command pipeline chains, so that verification below checks real hashes.
                await EventChain.SealAsync(session, caseId, versionBefore, stream.Events, "bench", clock.GetCurrentInstant(), CancellationToken.None);
                await session.SaveChangesAsync();
            }
            // The worst past instant: just before the case's last snapshot was taken, so that replay folds the most events
            // after the snapshot before it (Interval - 1 of them), not the instant of a snapshot, where it folds none.
            Instant asOf;
            long expected;
            await using (var query = store.QuerySession())
            {
                var all = await query.Events.FetchStreamAsync(caseId);
                // A case shorter than the interval has no snapshot: then just before its last event, folded from the start.
                var boundary = Math.Max(all[^1].Version / CaseSnapshot.Interval * CaseSnapshot.Interval, all[0].Version + 1);
                var boundaryAt = all.First(e => e.Version == boundary).Timestamp;
                // On a clock that stands still (the tests') every instant is the same: then the last one.
                var before = all.LastOrDefault(e => e.Version < boundary && e.Timestamp < boundaryAt) ?? all[^1];
                asOf = Instant.FromDateTimeOffset(before.Timestamp);
                expected = all.Where(e => e.Timestamp <= before.Timestamp).Max(e => e.Version);
            }
            var (p50, p99) = await Measure.LatencyAsync(sizes.ReplayRepeats, async () =>
            {
                await using var query = store.QuerySession();
                var replayed = await CaseHistory.AsOfAsync(query, caseId, asOf);
                if (replayed.State is null || replayed.Version != expected) throw new InvalidOperationException("The replayed case is not the one written.");
            });
            Add(new BenchFigure("replay", $"state as of an instant, {length} events ({expected % CaseSnapshot.Interval} folded after the nearest snapshot)",
                1, sizes.ReplayRepeats, 1000 / p50, p50, p99));
        }
    }

    /// <summary>The board read over HTTP with many open cases, seeded straight into the read model (the query is what is measured).</summary>
    private async Task DeadlineBoardAsync(WebApplication app, IDocumentStore store, string agencyId, string[] officers, string head)
    {
        progress($"deadline board: {sizes.BoardCases:N0} open cases");
        var calendar = app.Services.GetRequiredService<CalendarService>();
        var now = clock.GetCurrentInstant();
        var today = AgencyZone.Today(now);
        Dictionary<string, Domain.Officers.Officer> named;
        Domain.Agencies.Agency agency;
        await using (var query = store.QuerySession())
        {
            named = (await query.LoadManyAsync<Domain.Officers.Officer>([.. officers, head])).ToDictionary(o => o.Id);
            agency = (await query.LoadAsync<Domain.Agencies.Agency>(agencyId))!;
        }
        var docs = new List<CaseLedger.Supervision.CaseSupervision>(sizes.BoardCases);
        for (var i = 0; i < sizes.BoardCases; i++)
        {
            var caseId = Guid.CreateVersion7().ToString();
            var filedOn = today.PlusDays(-(i % 200) - 1);
            var context = new CaseContext(now, _caseRecorder, caseId, named, agency, calendar.Current);
            var lead = PenaltyCase.Decide(new RegisterLead(agencyId, Procedure.General,
                new Party(PartyKind.Organisation, "基准测试有限公司", "91370100MA3C000000"),
                new Violation("bench", filedOn.PlusDays(-10), false, ViolationCategory.Ordinary), "bench", filedOn.PlusDays(-1), officers), null, context);
            var state = lead.Events.Aggregate((PenaltyCaseState?)null, PenaltyCase.Evolve);
            var filed = PenaltyCase.Decide(new FileCase(filedOn, head, officers, officers[0]), state, context);
            state = filed.Events.Aggregate(state, PenaltyCase.Evolve);
            docs.Add(CaseLedger.Supervision.CaseSupervision.Of(caseId, 2, state!, filedOn, calendar.Current, calendar.Stamp));
        }
        var table = store.Options.Schema.For<CaseLedger.Supervision.CaseSupervision>();
        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
        async Task ExecuteAsync(string sql)
        {
            await using var command = dataSource.CreateCommand(sql);
            await command.ExecuteNonQueryAsync();
        }
        // First as the board stands right after a bulk load of cases, before autovacuum has analysed them: the statistics
        // still describe the few cases the benchmark's commands wrote.
        await ExecuteAsync($"analyze {table}; alter table {table} set (autovacuum_enabled = false)");
        await store.BulkInsertAsync(docs, Weasel.Core.BulkInsertMode.OverwriteExisting, batchSize: 5_000);
        using var client = await AdministratorClientAsync(app);
        await BoardAsync(client, agencyId, "statistics from before the load");
        // Then as autovacuum leaves it shortly after.
        await ExecuteAsync($"alter table {table} reset (autovacuum_enabled); analyze {table}");
        await BoardAsync(client, agencyId, null);
        // The agency's figures count every case of the agency: fewer repeats, the same many cases.
        var figureRepeats = Math.Max(3, sizes.ReplayRepeats / 10);
        var (figuresP50, figuresP99) = await Measure.LatencyAsync(figureRepeats, async () =>
        {
            using var response = await client.GetAsync($"/api/agencies/{agencyId}/figures");
            response.EnsureSuccessStatusCode();
        });
        Add(new BenchFigure("agency figures", $"GET /api/agencies/{{id}}/figures ({sizes.BoardCases:N0} cases)", 1, figureRepeats, 1000 / figuresP50, figuresP50, figuresP99));
    }

    /// <summary>An agency's three board lists, each a page of 50, with the board's many open cases.</summary>
    private async Task BoardAsync(HttpClient client, string agencyId, string? statistics)
    {
        foreach (var status in new[] { "open", "overdue", "due-soon" })
        {
            var (p50, p99) = await Measure.LatencyAsync(sizes.ReplayRepeats, async () =>
            {
                using var response = await client.GetAsync($"/api/deadlines?status={status}&agency={agencyId}&limit=50");
                response.EnsureSuccessStatusCode();
            });
            var name = $"GET /api/deadlines?status={status} ({sizes.BoardCases:N0} open cases{(statistics is null ? "" : $", {statistics}")})";
            Add(new BenchFigure("deadline board", name, 1, sizes.ReplayRepeats, 1000 / p50, p50, p99));
        }
    }

    /// <summary>The hash chain of every stored event checked from the event table alone, as `caseledger audit` reads it.</summary>
    private async Task VerificationAsync(StoredLog log)
    {
        progress("verification: the hash chain of every stored event");
        var passes = new List<double>();
        ChainCheck chains = new();
        for (var pass = 0; pass < Passes; pass++)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            chains = new ChainCheck();
            await foreach (var _ in chains.Checking(log.StreamAsync())) { }
            passes.Add(chains.Events / started.Elapsed.TotalSeconds);
        }
        var perSecond = Median(passes);
        if (chains.Findings.Count > 0) progress($"verification found {chains.Findings.Count} chain findings (events appended around the pipeline)");
        AddEventsPerSecond("verification", $"hash chain of {chains.Events:N0} events", chains.Events, perSecond);
    }

    /// <summary>
    /// An auditor's exports (<c>caseledger export</c> and <c>verify</c>): the whole log with a fresh signed checkpoint, checked
    /// offline with nothing but the file and the public key; and one archived case with an inclusion proof of each of its events,
    /// which is proved against the checkpoint over the whole log.
    /// </summary>
    private async Task ExportsAsync(IServiceProvider services, Func<Task<string>> archivedCase)
    {
        progress("auditors: export of the whole log, its offline verification, one case's export");
        var exports = services.GetRequiredService<ExportBuilder>();
        var publicKey = services.GetRequiredService<CheckpointService>().Key.PublicKeyPem;
        var exported = new List<double>();
        var verified = new List<double>();
        var events = 0;
        for (var pass = 0; pass < Passes; pass++)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var file = ExportBuilder.Write(await exports.BuildAsync(null));
            var exportSeconds = started.Elapsed.TotalSeconds;
            // The export's garbage is not the verifier's cost: an auditor verifies on another machine.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            started.Restart();
            var result = ExportVerifier.Verify(file, publicKey);
            var verifySeconds = started.Elapsed.TotalSeconds;
            if (!result.Verified) throw new InvalidOperationException($"The benchmark's export did not verify: {result.Problems[0]}");
            events = result.Events;
            exported.Add(events / exportSeconds);
            verified.Add(events / verifySeconds);
        }
        AddEventsPerSecond("auditors", $"export of the whole log, {events:N0} events, with a signed checkpoint", events, Median(exported));
        AddEventsPerSecond("auditors", "offline verification of that export (signatures, chains, proofs)", events, Median(verified));

        // `caseledger audit` also checks every signed checkpoint (one every CheckpointEvery events) against the events stored now.
        var checkpointPasses = new List<double>();
        var checkpointCount = 0;
        for (var pass = 0; pass < Passes; pass++)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var (count, findings) = await services.GetRequiredService<CheckpointService>().VerifyAllAsync();
            if (findings.Count > 0) throw new InvalidOperationException($"The benchmark's checkpoints did not verify: {findings[0].Message}");
            checkpointCount = count;
            checkpointPasses.Add(events / started.Elapsed.TotalSeconds);
        }
        AddEventsPerSecond("auditors", $"every signed checkpoint ({checkpointCount:N0}) checked against the {events:N0} events stored", events, Median(checkpointPasses));

        var caseId = await archivedCase();
        var caseEvents = 0;
        var repeats = Math.Max(sizes.ReplayRepeats / 10, 3);
        var (p50, p99) = await Measure.LatencyAsync(repeats, async () =>
        {
            var result = ExportVerifier.Verify(ExportBuilder.Write(await exports.BuildAsync(caseId)), publicKey);
            if (!result.Verified) throw new InvalidOperationException($"The benchmark's case export did not verify: {result.Problems[0]}");
            caseEvents = result.Events;
        });
        Add(new BenchFigure("auditors", $"export of an archived case ({caseEvents} events, each with its inclusion proof) from a log of {events:N0}, and its verification",
            1, repeats, 1000 / p50, p50, p99));
    }

    /// <summary>
    /// An integrator catching up: every case event read through <c>GET /api/feed</c> in pages of the largest size, as CloudEvents,
    /// from the first to the high-water mark. Events per second of the whole read, against COPY like the other reads of the log.
    /// </summary>
    private async Task FeedAsync(WebApplication app)
    {
        progress("integrators: the catch-up feed over HTTP, from the first event");
        using var client = await AdministratorClientAsync(app);
        var passes = new List<double>();
        long events = 0;
        for (var pass = 0; pass < Passes; pass++)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            events = await FeedCountAsync(client, 0);
            passes.Add(events / started.Elapsed.TotalSeconds);
        }
        var perSecond = Median(passes);
        AddEventsPerSecond("integrators", $"catch-up feed over HTTP, {events:N0} case events in pages of 1,000", events, perSecond);
    }

    /// <summary>
    /// An integrator's webhook catching up on a backlog: a subscription registered over HTTP from a point that leaves the
    /// latest case events behind it, delivered one signed CloudEvent at a time, in order, to a receiver on this machine
    /// that answers 204 at once. Events per second from the registration until the receiver holds them all. Then, caught up,
    /// how long a new event takes from its command to the receiver.
    /// </summary>
    private async Task WebhooksAsync(WebApplication app, NpgsqlDataSource dataSource, IMessageBus bus, CollectEvidence evidence, Func<Task<string>> filedCase)
    {
        progress("integrators: webhook delivery of a backlog to a local receiver");
        await using var receiver = await WebhookReceiver.StartAsync();
        using var client = await AdministratorClientAsync(app);
        var backlog = Math.Max(sizes.OpsPerConcurrency, 10);
        await using var start = dataSource.CreateCommand($"select coalesce(min(seq_id), 0) from (select seq_id from {Schema}.mt_events order by seq_id desc limit $1) last");
        start.Parameters.Add(new NpgsqlParameter { Value = backlog });
        var after = (long)(await start.ExecuteScalarAsync())! - 1;
        var expected = await FeedCountAsync(client, after);
        if (expected == 0) throw new InvalidOperationException($"The feed holds no case event after {after} for the webhook to deliver.");

        var started = System.Diagnostics.Stopwatch.StartNew();
        using var subscribe = await client.PostAsync("/api/subscriptions", new StringContent(JsonSerializer.Serialize(new
        {
            url = receiver.Url,
            secret = "bench-webhook-secret-0123456789abcdef",
            after,
        }), Encoding.UTF8, "application/json"));
        if (!subscribe.IsSuccessStatusCode)
            throw new InvalidOperationException($"The benchmark's subscription was refused: {await subscribe.Content.ReadAsStringAsync()}");
        var id = JsonDocument.Parse(await subscribe.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        try
        {
            await receiver.WaitForAsync(expected, TimeSpan.FromMinutes(5));
            var perSecond = expected / started.Elapsed.TotalSeconds;
            AddEventsPerSecond("integrators", $"webhook delivery of a backlog of {expected:N0} case events, one subscription", expected, perSecond);

            // A live stream opened from the store's mark now sees what follows, as the webhook does.
            await using (var stream = await LiveStreamAsync(app, client))
            {
                var caseId = await filedCase();
                await receiver.WaitForAsync(2, TimeSpan.FromMinutes(1));
                for (var i = 0; i < 2; i++) await stream.Arrivals.ReadAsync();
                // One event at a time on a store otherwise at rest, as steps are recorded in an agency: a pause before each.
                var toWebhook = new double[LiveEvents];
                var toStream = new double[LiveEvents];
                for (var i = 0; i < LiveEvents; i++)
                {
                    await Task.Delay(QuietPause);
                    var sent = System.Diagnostics.Stopwatch.GetTimestamp();
                    await RunAsync(bus, caseId, evidence);
                    await receiver.WaitForAsync(1, TimeSpan.FromMinutes(1));
                    toWebhook[i] = System.Diagnostics.Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                    var arrived = await stream.Arrivals.ReadAsync().AsTask().WaitAsync(TimeSpan.FromMinutes(1));
                    toStream[i] = System.Diagnostics.Stopwatch.GetElapsedTime(sent, arrived).TotalMilliseconds;
                }
                AddLatencies("live delivery", "webhook: one new event, command to reader, store at rest", toWebhook);
                AddLatencies("live delivery", "live stream (SSE): one new event, command to reader, store at rest", toStream);
            }
        }
        finally
        {
            using var _ = await client.DeleteAsync($"/api/subscriptions/{id}");
        }
        await ManyLiveStreamsAsync(app, client, bus, evidence, filedCase);
    }

    private int LiveEvents => Math.Clamp(sizes.ReplayRepeats / 8, 3, 25);

    /// <summary>How many live streams follow the feed at once in the many-readers row.</summary>
    private const int LiveReaders = 20;

    /// <summary>
    /// Many integrators' live streams following the same mark: how long a new event takes to reach the last of them, and how
    /// many queries the feed sent to the store for each event (pages that readers share are read once).
    /// </summary>
    private async Task ManyLiveStreamsAsync(WebApplication app, HttpClient client, IMessageBus bus, CollectEvidence evidence, Func<Task<string>> filedCase)
    {
        progress($"live delivery: {LiveReaders} live streams following the feed");
        var streams = new List<LiveStream>();
        try
        {
            for (var i = 0; i < LiveReaders; i++) streams.Add(await LiveStreamAsync(app, client));
            var caseId = await filedCase();
            foreach (var stream in streams)
                for (var i = 0; i < 2; i++) await stream.Arrivals.ReadAsync().AsTask().WaitAsync(TimeSpan.FromMinutes(1));
            var feed = app.Services.GetRequiredService<FeedReader>();
            var readsBefore = feed.StoreReads;
            var toLast = new double[LiveEvents];
            for (var i = 0; i < LiveEvents; i++)
            {
                await Task.Delay(QuietPause);
                var sent = System.Diagnostics.Stopwatch.GetTimestamp();
                await RunAsync(bus, caseId, evidence);
                long last = 0;
                foreach (var stream in streams)
                    last = Math.Max(last, await stream.Arrivals.ReadAsync().AsTask().WaitAsync(TimeSpan.FromMinutes(1)));
                toLast[i] = System.Diagnostics.Stopwatch.GetElapsedTime(sent, last).TotalMilliseconds;
            }
            var readsPerEvent = (double)(feed.StoreReads - readsBefore) / LiveEvents;
            AddLatencies("live delivery",
                $"{LiveReaders} live streams: command to the last one; feed queries per event: {readsPerEvent.ToString("0.#", CultureInfo.InvariantCulture)}", toLast);
        }
        finally
        {
            foreach (var stream in streams) await stream.DisposeAsync();
        }
    }

    private void AddLatencies(string group, string name, double[] latencies)
    {
        Array.Sort(latencies);
        var (p50, p99) = (Measure.Percentile(latencies, 0.50), Measure.Percentile(latencies, 0.99));
        Add(new BenchFigure(group, name, 1, latencies.Length, 1000 / p50, p50, p99));
    }

    /// <summary>A live stream of the feed opened at the store's mark now, and when each of its events arrived.</summary>
    private sealed class LiveStream(HttpClient client, HttpResponseMessage response, System.Threading.Channels.ChannelReader<long> arrivals,
        Task reading, CancellationTokenSource stop) : IAsyncDisposable
    {
        public System.Threading.Channels.ChannelReader<long> Arrivals => arrivals;

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await reading;
            response.Dispose();
            client.Dispose();
            stop.Dispose();
        }
    }

    private async Task<LiveStream> LiveStreamAsync(WebApplication app, HttpClient client)
    {
        var streamClient = await AdministratorClientAsync(app);
        streamClient.Timeout = Timeout.InfiniteTimeSpan;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/feed/stream");
        request.Headers.Add("Last-Event-ID", (await FeedMarkAsync(client)).ToString(CultureInfo.InvariantCulture));
        var response = await streamClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var arrivals = System.Threading.Channels.Channel.CreateUnbounded<long>();
        var stop = new CancellationTokenSource();
        var reading = ReadEventStreamAsync(await response.Content.ReadAsStreamAsync(), arrivals.Writer, stop.Token);
        return new LiveStream(streamClient, response, arrivals.Reader, reading, stop);
    }

    /// <summary>Writes when each event of a server-sent event stream arrived (its blank line), until cancelled.</summary>
    private static async Task ReadEventStreamAsync(Stream body, System.Threading.Channels.ChannelWriter<long> arrivals, CancellationToken ct)
    {
        using var reader = new StreamReader(body);
        var inEvent = false;
        try
        {
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                if (line.StartsWith("id:", StringComparison.Ordinal)) inEvent = true;
                else if (line.Length == 0 && inEvent)
                {
                    arrivals.TryWrite(System.Diagnostics.Stopwatch.GetTimestamp());
                    inEvent = false;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The measurement is over.
        }
    }

    /// <summary>The feed's safe high-water mark now.</summary>
    private static async Task<long> FeedMarkAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/feed?after=0&limit=1");
        response.EnsureSuccessStatusCode();
        using var page = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        return page.RootElement.GetProperty("highWaterMark").GetInt64();
    }

    /// <summary>Longer than the feed watcher's least spacing between reads prompted by commits.</summary>
    private static readonly TimeSpan QuietPause = TimeSpan.FromMilliseconds(100);

    /// <summary>How many case events the feed holds after <paramref name="after"/>, read as an integrator pages through it.</summary>
    private static async Task<long> FeedCountAsync(HttpClient client, long after)
    {
        long count = 0;
        while (true)
        {
            using var response = await client.GetAsync($"/api/feed?after={after.ToString(CultureInfo.InvariantCulture)}&limit=1000");
            response.EnsureSuccessStatusCode();
            using var page = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
            var events = page.RootElement.GetProperty("events");
            count += events.GetArrayLength();
            var next = page.RootElement.GetProperty("next").GetInt64();
            if (events.GetArrayLength() == 0 || next >= page.RootElement.GetProperty("highWaterMark").GetInt64()) return count;
            after = next;
        }
    }

    /// <summary>
    /// Every read model rebuilt from the events in one pass, as `caseledger rebuild` does: events in the store per second
    /// of the whole rebuild (the reading, folding, and writing of every document, committed).
    /// </summary>
    private async Task RebuildAsync(CaseLedgerSettings settings)
    {
        progress("rebuild: every read model from the events, in one pass");
        await using var store = await CaseLedgerStore.OpenAsync(settings with { DeadlineSweepInterval = null });
        var passes = new List<double>();
        long events = 0;
        for (var pass = 0; pass < Passes; pass++)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            events = await store.RebuildAsync(null, null);
            passes.Add(events / started.Elapsed.TotalSeconds);
        }
        var perSecond = Median(passes);
        AddEventsPerSecond("rebuild", $"{store.ProjectionNames.Count} read models over {events:N0} events, one pass", events, perSecond);
    }

    /// <summary>One-shot figures (COPY, verification, rebuild) are the median of this many passes.</summary>
    private const int Passes = 3;

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static EvidenceCollected Sample(string caseId, CollectEvidence evidence, LocalDate today, int i) =>
        new(caseId, $"E{i.ToString(CultureInfo.InvariantCulture)}", evidence.Kind, evidence.Description!, null, today, evidence.MediaSha256,
            [.. evidence.Officers!.Select(o => new OfficerSignature(o, $"SD-{o}", SignatureCapacity.Officer))], [], "bench");

    private Actor _caseRecorder = Actor.System;
    private Actor _bodyRecorder = Actor.System;

    /// <summary>Who records <paramref name="command"/>: the case agency's head, or the reconsideration body's head.</summary>
    private Actor RecorderOf(object command) => command is IReconsiderationCommand ? _bodyRecorder : _caseRecorder;

    private async Task RunAsync(IMessageBus bus, string caseId, object command)
    {
        var result = await bus.InvokeAsync<CommandResult>(new RunCommand(caseId, command, RecorderOf(command)));
        if (result.Refusal is { } refusal)
            throw new InvalidOperationException($"The benchmark's command was refused: {refusal.Code}: {refusal.Message}");
    }

    private int Ops(int concurrency) => Math.Max(sizes.OpsPerConcurrency / concurrency, 4) * 1;

    private void Add(BenchFigure figure) => _figures.Add(Judged(figure));

    /// <summary>
    /// The targets the benchmark exists to check, judged in every run so that no one has to work them out from the table.
    /// A latency target is judged only at the size it names (10,000 events, 100,000 open cases), never at a smaller one.
    /// </summary>
    private BenchFigure Judged(BenchFigure f)
    {
        (string Target, bool Met)? judged = f.Group switch
        {
            "CaseLedger" => ("≥ 0.8× bare Marten", f.Ratio >= 0.8),
            "rebuild" => ("≥ 0.4× binary COPY", f.Ratio >= 0.4),
            "verification" => ("≥ 1.0× binary COPY", f.Ratio >= 1.0),
            "replay" when f.Name.Contains(" 200 events", StringComparison.Ordinal) => ("p99 ≤ 5 ms", f.P99Ms <= 5),
            "replay" when f.Name.Contains(" 10000 events", StringComparison.Ordinal) => ("p99 ≤ 50 ms", f.P99Ms <= 50),
            "deadline board" when sizes.BoardCases >= 100_000 => ("p99 ≤ 20 ms", f.P99Ms <= 20),
            _ => null,
        };
        return judged is { } j ? f with { Target = j.Target, Met = j.Met } : f;
    }

    private void Add(string group, string name, int concurrency, Throughput measured, string? comparedWith = null, double? baseline = null, long? operations = null,
        double? referencePerSecond = null) =>
        Add(new BenchFigure(group, name, concurrency, operations ?? concurrency * Ops(concurrency), measured.PerSecond, measured.P50Ms, measured.P99Ms,
            comparedWith, measured.PerSecond / baseline, ClientCpuUsPerOp: measured.ClientCpuUsPerOp, ServerCpuUsPerOp: measured.ServerCpuUsPerOp,
            RawRatio: group == "raw limit" ? null : measured.PerSecond / Raw("one durable commit per row", concurrency), ReferencePerSecond: referencePerSecond));

    /// <summary>A figure that reads or writes the log, in events per second: set against binary COPY, the machine's limit for moving events.</summary>
    private void AddEventsPerSecond(string group, string name, long events, double perSecond)
    {
        var copy = Find("raw limit", 1, "Npgsql binary COPY");
        Add(new BenchFigure(group, name, 1, events, perSecond, null, null, "Npgsql binary COPY", perSecond / copy, "events/s", RawRatio: perSecond / copy));
    }

    private double Raw(string name, int concurrency) => Find("raw limit", concurrency, name);

    private double Find(string group, int concurrency, string? name = null) =>
        _figures.First(f => f.Group == group && f.Concurrency == concurrency && (name is null || f.Name == name)).PerSecond;
}
