using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CaseLedger.Audit;
using CaseLedger.Domain;
using CaseLedger.Hosting;
using CaseLedger.Json;
using CaseLedger.Remedies;
using CaseLedger.Subscriptions;
using CaseLedger.Telemetry;
using JasperFx;
using Marten;
using Marten.Exceptions;
using Microsoft.Extensions.Logging;
using NodaTime;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace CaseLedger.Commands;

/// <summary>
/// The one command pipeline: idempotency, the pure decision of the stream's decider, the append with
/// optimistic concurrency, the actor, correlation and causation recorded on every event, and each event
/// chained to the one before it in its stream (<see cref="EventChain"/>). A refusal or a conflict appends
/// nothing.
/// </summary>
/// <remarks>
/// Effects on linked streams (<see cref="CarryEffect"/>, built from the appended events) go through Wolverine's Marten
/// outbox: the session is enlisted (<see cref="OutboxedSessionFactory"/>), so each effect's envelope is committed in the
/// same transaction as the events, on the durable local queue, scheduled <see cref="CaseLedgerSettings.EffectRecheckDelay"/>
/// later. Then, before answering, the pipeline runs each effect itself: the caller reads a consistent picture (the case
/// shows the revocation when the reconsideration's answer arrives) without waiting for a queue. The durable copy runs
/// the same effect again after the delay, keyed by the causing event, and appends nothing; if the process died between
/// the commit and the effect, the copy is what carries it when the process starts again (Wolverine recovers the
/// persisted envelopes of a restarted node). Running first and checking later, rather than awaiting the queue, keeps
/// the answer independent of the queue's load and needs no hand-made signal between the handler and the request.
/// </remarks>
public static class RunCommandHandler
{
    public static async Task<CommandResult> Handle(
        RunCommand message,
        IDocumentStore store,
        IEnumerable<IStreamDecider> deciders,
        IClock clock,
        CheckpointService checkpoints,
        FeedHighWater highWater,
        OutboxedSessionFactory outbox,
        IMessageContext context,
        CaseLedgerSettings settings,
        ILogger<RunCommand> logger,
        CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = await RunAsync();
        // Counted once, whichever way the command ended (telemetry; nothing is collected unless exported).
        CommandMetrics.Record(message, result, started);
        return result;

        async Task<CommandResult> RunAsync()
        {
            var decider = deciders.FirstOrDefault(d => d.Handles(message.Command))
                ?? throw new InvalidOperationException($"No decider handles {message.Command.GetType().Name}.");
            // PostgreSQL's jsonb cannot hold a NUL: refused here, whatever sent the command, rather than failing in the database.
            if (HoldsNul(message.Command))
                return CommandResult.Refused(message.StreamId, new Refusal(RefusalCodes.ValidationFailed, "A text of the command holds a NUL character (U+0000)."));
            // The region's database (a Marten tenant) when the deployment has regions: from the register, never the client.
            var tenant = RegionRoute.TenantOf(message, decider, context.TenantId, settings);
            if (await RegionRoute.CrossRegionAsync(message, tenant, store, settings, ct) is { } crossRegion)
                return CommandResult.Refused(message.StreamId, crossRegion);
            if (settings.Regions.Count > 0) context.TenantId = tenant;
            var answerId = message.IdempotencyKey is { } key ? IdempotentAnswer.IdFor(message.Actor.Id, key) : null;
            var requestHash = answerId is null ? "" : RequestHash(message);

            // A key is not looked up before deciding: a first request (the usual case) would pay a round trip for nothing. A
            // repeated one is decided again, and its stored answer returned where the decision is refused, appends nothing,
            // or fails at commit on the answer already stored under the key; nothing it decided is kept.
            // Enlisted in the outbox: the effects published below are committed with the events and flushed after the commit.
            await using var session = outbox.OpenSession(context);
            session.LastModifiedBy = message.Actor.Id;
            session.CorrelationId = message.CorrelationId;
            session.CausationId = message.IdempotencyKey;
            // One connection from the first read to the commit: the read and the write do not each check one out of the pool.
            await session.BeginTransactionAsync(ct);

            PendingAppend pending;
            try
            {
                pending = await decider.DecideAsync(message, session, clock.GetCurrentInstant(), ct);
            }
            catch (ConcurrencyException)
            {
                // A repeated request with its original If-Match: the stream has moved on by its own first answer.
                if (answerId is not null && await PreviousAnswer(store, tenant, answerId, requestHash, ct) is { } answered)
                    return answered;
                return Conflict(message);
            }

            if (pending.Decision.Refusal is not null || pending.Decision.Events.Count == 0)
            {
                // An identical request with the same key may have committed before: its answer is ours.
                if (answerId is not null && await PreviousAnswer(store, tenant, answerId, requestHash, ct) is { } raced)
                    return raced;
                return pending.Decision.Refusal is { } refusal
                    ? CommandResult.Refused(message.StreamId, refusal)
                    : new CommandResult(message.StreamId, pending.VersionBefore, []);
            }

            var appended = pending.Append(pending.Decision.Events);
            await EventChain.SealAsync(session, message.StreamId, pending.VersionBefore, appended, message.Actor.Id, clock.GetCurrentInstant(), ct, pending.ChainHead);
            if (answerId is not null)
            {
                session.Insert(new IdempotentAnswer
                {
                    Id = answerId,
                    RequestHash = requestHash,
                    StreamId = message.StreamId,
                    // Versions are assigned at commit; FetchForWriting already knows where they start.
                    FromVersion = pending.VersionBefore + 1,
                    ToVersion = pending.VersionBefore + appended.Count,
                });
            }

            // Each effect runs in this command's region, where the linked stream is (a case and its proceedings share a region).
            var effects = pending.Effects?.Invoke(appended).Select(e => e with { Region = tenant }).ToList() ?? [];
            var recheck = new DeliveryOptions { ScheduleDelay = settings.EffectRecheckDelay };
            foreach (var effect in effects)
                await context.PublishAsync(effect, recheck);

            try
            {
                await session.SaveChangesAsync(ct);
            }
            catch (Exception e) when (e is ConcurrencyException or DocumentAlreadyExistsException or ExistingStreamIdCollisionException)
            {
                // Two identical requests raced: the one that committed first holds the answer.
                if (answerId is not null && await PreviousAnswer(store, tenant, answerId, requestHash, ct) is { } first)
                    return first;
                return Conflict(message);
            }

            // The deployment's own log; a region's has its own sequence, checkpointed by the node that signs (RegionAudit).
            if (tenant is null) checkpoints.Committed(appended.Max(e => e.Sequence));
            // Whichever log: the feed's watcher reads every database's mark (FeedDatabases).
            highWater.Committed();

            foreach (var effect in effects)
            {
                try
                {
                    await context.InvokeAsync(effect, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The events are committed, and so is the effect's durable copy: it carries the effect after the delay.
                    logger.LogWarning(e, "Effect {Key} on {Stream} failed; its durable copy carries it.", effect.Key, effect.StreamId);
                }
            }

            return Result(message.StreamId, appended, pending.IssuedToken);
        }
    }

    private static CommandResult Conflict(RunCommand message) => CommandResult.Refused(message.StreamId, new Refusal(
        RefusalCodes.ConcurrencyConflict,
        message.ExpectedVersion is { } expected
            ? $"The stream is no longer at version {expected}: reload it and decide again."
            : "Another command changed this stream at the same moment: reload it and decide again."));

    private static CommandResult Result(string streamId, IReadOnlyList<JasperFx.Events.IEvent> events, string? issuedToken) =>
        new(streamId,
            events.Count == 0 ? 0 : events[^1].Version,
            [.. events.Select(RecordedEvent.From)],
            IssuedToken: issuedToken);

    private static async Task<CommandResult?> PreviousAnswer(IDocumentStore store, string? tenant, string answerId, string requestHash, CancellationToken ct)
    {
        await using var query = store.QuerySessionOf(tenant);
        var answer = await query.LoadAsync<IdempotentAnswer>(answerId, ct);
        if (answer is null) return null;
        if (answer.RequestHash != requestHash)
            return CommandResult.Refused(answer.StreamId, new Refusal(RefusalCodes.IdempotencyKeyReused,
                "This Idempotency-Key was already used for a different request; use a new key for a new request."));
        var events = await query.Events.FetchStreamAsync(answer.StreamId, answer.ToVersion, token: ct);
        return new CommandResult(answer.StreamId, answer.ToVersion,
            [.. events.Where(e => e.Version >= answer.FromVersion).Select(RecordedEvent.From)],
            Replayed: true);
    }

    private static bool HoldsNul(object command)
    {
        // The JSON writer escapes U+0000 as \u0000; an escaped backslash before it (\\u0000) is a backslash in the text.
        var json = JsonSerializer.Serialize(command, command.GetType(), CaseLedgerJson.Stored);
        for (var at = json.IndexOf("\\u0000", StringComparison.Ordinal); at >= 0; at = json.IndexOf("\\u0000", at + 1, StringComparison.Ordinal))
        {
            var backslashes = 0;
            while (at - backslashes - 1 >= 0 && json[at - backslashes - 1] == '\\') backslashes++;
            if (backslashes % 2 == 0) return true;
        }
        return false;
    }

    private static string RequestHash(RunCommand message)
    {
        var json = JsonSerializer.Serialize(message.Command, message.Command.GetType(), CaseLedgerJson.Stored);
        var text = $"{message.StreamId}\n{message.Command.GetType().FullName}\n{json}";
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
