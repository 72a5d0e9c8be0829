using CaseLedger.Hosting;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;

namespace CaseLedger.Audit;

/// <summary>
/// Makes the checkpoints that <see cref="CheckpointService.Committed"/> says are due, one at a time, in the one process of
/// all on the database that holds the duty (<see cref="DutyLease"/>). The holder also looks every
/// <see cref="CaseLedgerSettings.CheckpointPoll"/> at the log's last sequence, so that events other processes appended are
/// checkpointed too, and signs one when the latest is older than <see cref="CaseLedgerSettings.CheckpointInterval"/> and
/// events arrived since: an event waits at most the interval and one poll for a checkpoint that covers it.
/// </summary>
public sealed class Checkpointer(CheckpointService checkpoints, NpgsqlDataSource dataSource, IDocumentStore store, CaseLedgerSettings settings,
    IClock clock, ILogger<Checkpointer> logger, RegionAudit regions) : BackgroundService
{
    private readonly string _lastSequenceSql = $"select coalesce(max(seq_id), 0) from {store.Options.Events.DatabaseSchemaName}.mt_events";

    private readonly string _oldestUncoveredSql = $"select extract(epoch from timestamp)::float8 from {store.Options.Events.DatabaseSchemaName}.mt_events "
        + $"where seq_id > $1 and {Tombstones.NotTombstoneSql} and stream_id <> '{Commands.StreamKeys.Checkpoints}' order by seq_id limit 1";

    /// <summary>Whether a checkpoint is due by time: the oldest event no checkpoint covers was recorded an interval ago or more.</summary>
    private async Task<bool> DueByTimeAsync(long lastSequence, CancellationToken ct)
    {
        if (settings.CheckpointInterval is not { } interval) return false;
        var covered = (await checkpoints.LatestAsync(ct))?.HighWaterSequence ?? 0;
        if (lastSequence <= covered) return false;
        await using var command = dataSource.CreateCommand(_oldestUncoveredSql);
        command.Parameters.Add(new NpgsqlParameter { Value = covered });
        // Seconds since the epoch: whatever is stored (an infinity written around the engine) compares without a crash.
        return await command.ExecuteScalarAsync(ct) is double recorded
            && (clock.GetCurrentInstant() - Instant.FromUnixTimeSeconds(0)).TotalSeconds - recorded >= interval.TotalSeconds;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // At start: the embedded default registers its key as the deployment's first, and /health knows whether this node signs.
        try
        {
            await checkpoints.SigningStatusAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Whether this node may sign checkpoints could not be found out; the next poll tries again.");
        }
        if (settings.CheckpointEvery <= 0) return;
        await using var lease = new DutyLease(dataSource, settings.Schema, "checkpoint-signing", logger);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.WhenAny(checkpoints.Appended.WaitToReadAsync(stoppingToken).AsTask(), Task.Delay(settings.CheckpointPoll, stoppingToken));
                stoppingToken.ThrowIfCancellationRequested();
                try
                {
                    // A node whose key is not the deployment's signs nothing, nor takes the duty from one that may.
                    if ((await checkpoints.SigningStatusAsync(stoppingToken)).State != "signing" || !await lease.HoldAsync(stoppingToken))
                    {
                        while (checkpoints.Appended.TryRead(out _)) { }
                        continue;
                    }
                    // Each region's log is signed on the poll, once its oldest uncovered event waited the interval.
                    if (settings.Regions.Count > 0) await regions.SignDueAsync(stoppingToken);
                    if (!checkpoints.Appended.TryRead(out _))
                    {
                        // Woken by the poll: due if the events of every process since the last checkpoint are enough, or have
                        // waited long enough.
                        await using var command = dataSource.CreateCommand(_lastSequenceSql);
                        var last = (long)(await command.ExecuteScalarAsync(stoppingToken))!;
                        checkpoints.Committed(last);
                        if (!checkpoints.Appended.TryRead(out _) && !await DueByTimeAsync(last, stoppingToken)) continue;
                    }
                    await checkpoints.CreateAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "A checkpoint could not be made; the next commit or poll tries again.");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
