using CaseLedger.Calendar;
using CaseLedger.Cases;
using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Domain.Penalty;
using CaseLedger.Hosting;
using CaseLedger.Litigations;
using CaseLedger.Petitions;
using CaseLedger.Reconsiderations;
using CaseLedger.SupervisionMatters;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Wolverine;
using Wolverine.Runtime;
using NodaTime;

namespace CaseLedger.Supervision;

/// <summary>What one sweep did.</summary>
/// <param name="Refreshed">Case documents recomputed on a newly loaded official calendar.</param>
/// <param name="CasesChecked">Cases with a deadline that ended before today and is not yet recorded missed.</param>
/// <param name="Recorded">DeadlineMissed events appended.</param>
public sealed record SweepResult(int Refreshed, int CasesChecked, int Recorded);

/// <summary>
/// Records <see cref="DeadlineMissed"/> for every deadline that ended before today (Asia/Shanghai, by the
/// injected clock) unmet. Candidates come from the indexed <see cref="CaseSupervision.NextOpenEndDay"/>;
/// each case goes through the one command pipeline as the system actor, with the version the sweep saw
/// as the expected version: two sweeps racing append once, and the decider appends nothing for a
/// deadline already recorded. A case that changed meanwhile is simply picked up by the next sweep.
/// </summary>
public sealed class DeadlineSweep(
    IDocumentStore store,
    IWolverineRuntime runtime,
    IClock clock,
    CalendarService calendar,
    CaseLedgerSettings settings,
    ILogger<DeadlineSweep> logger)
{
    private const int MaxCasesPerSweep = 10_000;
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <summary>
    /// One sweep of every database: the deployment's own, then each region's (<see cref="RegionMap.Tenants"/>), each region's
    /// cases recorded missed in that region's database by a system command sent in it.
    /// </summary>
    public async Task<SweepResult> SweepAsync(CancellationToken ct = default)
    {
        await _one.WaitAsync(ct);
        try
        {
            var total = new SweepResult(0, 0, 0);
            foreach (var tenant in settings.Regions.Tenants())
            {
                var one = await SweepOneAsync(tenant, ct);
                total = new SweepResult(total.Refreshed + one.Refreshed, total.CasesChecked + one.CasesChecked, total.Recorded + one.Recorded);
            }
            if (total.Recorded > 0) logger.LogInformation("Deadline sweep recorded {Count} missed deadlines", total.Recorded);
            return total;
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task<SweepResult> SweepOneAsync(string? tenant, CancellationToken ct)
    {
        var refreshed = await RefreshOnCalendarAsync(tenant, ct);
        var today = CaseSupervision.Day(AgencyZone.Today(clock.GetCurrentInstant()));
        List<DueCase> due;
        await using (var query = store.QuerySessionOf(tenant))
        {
            due = [.. (await query.Query<CaseSupervision>()
                .Where(x => x.NextOpenEndDay < today)
                .OrderBy(x => x.NextOpenEndDay)
                .Take(MaxCasesPerSweep)
                .Select(x => new { x.Id, x.Version })
                .ToListAsync(ct)).Select(x => new DueCase(x.Id, x.Version))];
        }

        var recorded = 0;
        var bus = new MessageBus(runtime);
        foreach (var (caseId, version) in due)
        {
            var command = new RunCommand(caseId, new RecordMissedDeadlines(), Actor.System, version, CorrelationId: "deadline-sweep");
            // A system command stays in the region it is sent in (RegionRoute): a region's case is recorded in its database.
            var result = tenant is null
                ? await bus.InvokeAsync<CommandResult>(command, ct)
                : await bus.InvokeForTenantAsync<CommandResult>(tenant, command, ct);
            if (result.Refusal is { } refusal && refusal.Code != RefusalCodes.ConcurrencyConflict)
                logger.LogWarning("Recording missed deadlines of case {CaseId} was refused: {Code} {Message}", caseId, refusal.Code, refusal.Message);
            recorded += result.Events.Count;
        }
        return new SweepResult(refreshed, due.Count, recorded);
    }

    /// <summary>
    /// Recomputes the cases and linked proceedings whose deadlines were computed on another calendar and were
    /// provisional there (an official year was loaded since). Each write is guarded by the stream's version, taken
    /// with a row lock, so that it never overwrites what a command recorded meanwhile.
    /// </summary>
    public async Task<int> RefreshOnCalendarAsync(CancellationToken ct = default)
    {
        var refreshed = 0;
        foreach (var tenant in settings.Regions.Tenants()) refreshed += await RefreshOnCalendarAsync(tenant, ct);
        return refreshed;
    }

    private async Task<int> RefreshOnCalendarAsync(string? tenant, CancellationToken ct)
    {
        var stamp = calendar.Stamp;
        IReadOnlyList<CaseSupervision> staleCases;
        IReadOnlyList<RemedySupervision> staleRemedies;
        await using (var query = store.QuerySessionOf(tenant))
        {
            staleCases = await query.Query<CaseSupervision>().Where(x => x.Provisional && x.CalendarStamp != stamp).ToListAsync(ct);
            staleRemedies = await query.Query<RemedySupervision>().Where(x => x.Provisional && x.CalendarStamp != stamp).ToListAsync(ct);
        }

        var refreshed = 0;
        foreach (var doc in staleCases)
        {
            // The supervisors' document keeps no state of its own: it is computed again from the case file.
            if (await WriteIfCurrentAsync(tenant, doc.Id, doc.Version, async session =>
                    await session.LoadAsync<CaseFile>(doc.Id, ct) is { State: { } state } file && file.Version == doc.Version
                        ? CaseSupervision.Of(doc.Id, doc.Version, state, doc.AsOf, calendar.Current, stamp)
                        : null, ct))
                refreshed++;
        }
        foreach (var doc in staleRemedies)
        {
            // Likewise computed again from the proceeding's file.
            if (await WriteIfCurrentAsync(tenant, doc.Id, doc.Version, async session => doc.Kind switch
                {
                    ProceedingKinds.Reconsideration => Recomputed(doc, await session.LoadAsync<ReconsiderationFile>(doc.Id, ct), stamp),
                    ProceedingKinds.Litigation => Recomputed(doc, await session.LoadAsync<LitigationFile>(doc.Id, ct), stamp),
                    ProceedingKinds.Petition => Recomputed(doc, await session.LoadAsync<PetitionFile>(doc.Id, ct), stamp),
                    ProceedingKinds.Supervision => Recomputed(doc, await session.LoadAsync<SupervisionMatterFile>(doc.Id, ct), stamp),
                    _ => null,
                }, ct))
                refreshed++;
        }
        return refreshed;
    }

    /// <summary>The proceeding's document on the current calendar, from its file when that is at the document's version.</summary>
    private RemedySupervision? Recomputed<TState>(RemedySupervision doc, StateFile<TState>? file, string stamp) where TState : class =>
        file is { State: not null } && file.Version == doc.Version ? RemedySupervision.Of(file, doc.AsOf, calendar.Current, stamp) : null;

    /// <summary>
    /// Stores what <paramref name="recompute"/> gives, unless the stream moved past <paramref name="version"/>. The stream row is
    /// locked: a command on this stream waits until this write is committed, and a command committed since the read shows as a
    /// newer version, and then the document is left alone.
    /// </summary>
    private async Task<bool> WriteIfCurrentAsync(string? tenant, string streamId, long version, Func<IDocumentSession, Task<object?>> recompute, CancellationToken ct)
    {
        await using var session = tenant is null ? store.LightweightSession() : store.LightweightSession(tenant);
        await session.BeginTransactionAsync(ct);
        var current = await session.QueryAsync<long>(
            $"select version from {settings.Schema}.mt_streams where id = ? for update", ct, streamId);
        if (current.Count != 1 || current[0] != version) return false;
        if (await recompute(session) is not { } recomputed) return false;
        session.StoreObjects([recomputed]);
        await session.SaveChangesAsync(ct);
        return true;
    }

    private readonly record struct DueCase(string CaseId, long Version);
}

/// <summary>
/// Sweeps once the host has started (the server may have been down when a deadline passed), then every interval, in the one
/// process of all on the database that holds the duty (<see cref="DutyLease"/>, asked every few seconds, so that another
/// process takes over within seconds of the holder's end). A process that takes the duty sweeps at once.
/// </summary>
public sealed class DeadlineSweeper(DeadlineSweep sweep, NpgsqlDataSource dataSource, CaseLedgerSettings settings, IHostApplicationLifetime lifetime,
    ILogger<DeadlineSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            await started.Task.WaitAsync(stoppingToken);

        var interval = settings.DeadlineSweepInterval ?? TimeSpan.FromMinutes(1);
        await using var lease = new DutyLease(dataSource, settings.Schema, "deadline-sweep", logger);
        using var timer = new PeriodicTimer(interval < DutyLease.RetryInterval ? interval : DutyLease.RetryInterval);
        // Wall time between sweeps, not business time: the clock may be a test's, standing still.
        System.Diagnostics.Stopwatch? sinceSweep = null;
        do
        {
            try
            {
                if (!await lease.HoldAsync(stoppingToken))
                {
                    sinceSweep = null;
                    continue;
                }
                if (sinceSweep is not null && sinceSweep.Elapsed < interval) continue;
                sinceSweep = System.Diagnostics.Stopwatch.StartNew();
                await sweep.SweepAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "The deadline sweep failed; it runs again in {Interval}", interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
