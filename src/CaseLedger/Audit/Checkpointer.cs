using CaseLedger.Hosting;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CaseLedger.Audit;

/// <summary>
/// Makes the checkpoints that <see cref="CheckpointService.Committed"/> says are due, one at a time, in the one process of
/// all on the database that holds the duty (<see cref="DutyLease"/>). The holder also looks every <see cref="Poll"/> at the
/// log's last sequence, so that events other processes appended are checkpointed too.
/// </summary>
public sealed class Checkpointer(CheckpointService checkpoints, NpgsqlDataSource dataSource, IDocumentStore store, CaseLedgerSettings settings,
    ILogger<Checkpointer> logger) : BackgroundService
{
    public static readonly TimeSpan Poll = TimeSpan.FromSeconds(10);

    private readonly string _lastSequenceSql = $"select coalesce(max(seq_id), 0) from {store.Options.Events.DatabaseSchemaName}.mt_events";

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
                await Task.WhenAny(checkpoints.Appended.WaitToReadAsync(stoppingToken).AsTask(), Task.Delay(Poll, stoppingToken));
                stoppingToken.ThrowIfCancellationRequested();
                try
                {
                    // A node whose key is not the deployment's signs nothing, nor takes the duty from one that may.
                    if ((await checkpoints.SigningStatusAsync(stoppingToken)).State != "signing" || !await lease.HoldAsync(stoppingToken))
                    {
                        while (checkpoints.Appended.TryRead(out _)) { }
                        continue;
                    }
                    if (!checkpoints.Appended.TryRead(out _))
                    {
                        // Woken by the poll: due if the events of every process since the last checkpoint are enough.
                        await using var command = dataSource.CreateCommand(_lastSequenceSql);
                        checkpoints.Committed((long)(await command.ExecuteScalarAsync(stoppingToken))!);
                        if (!checkpoints.Appended.TryRead(out _)) continue;
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
