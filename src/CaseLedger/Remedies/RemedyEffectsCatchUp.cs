using CaseLedger.Litigations;
using CaseLedger.Reconsiderations;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wolverine;

namespace CaseLedger.Remedies;

/// <summary>
/// Carries again every effect that reconsiderations and suits have on their penalty cases, once the host has
/// started: a process that died between committing a decision and carrying its effect loses nothing. Effects are
/// idempotent (their key is the causing event's id), so the ones already carried append nothing.
/// </summary>
public sealed class RemedyEffectsCatchUp(IDocumentStore store, IMessageBus bus, IHostApplicationLifetime lifetime,
    ILogger<RemedyEffectsCatchUp> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // After start: the effects run through Wolverine, which must be up.
        lifetime.ApplicationStarted.Register(() => _ = Task.Run(async () =>
        {
            try
            {
                var carried = await CatchUpAsync(lifetime.ApplicationStopping);
                if (carried > 0) logger.LogInformation("Re-checked {Count} effects of linked proceedings on their cases.", carried);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Catching up the effects of linked proceedings failed; the next start tries again.");
            }
        }));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs every effect of every reconsideration and suit again; returns how many were run.</summary>
    public async Task<int> CatchUpAsync(CancellationToken ct)
    {
        var effects = new List<CarryEffect>();
        await using (var session = store.QuerySession())
        {
            foreach (var file in await session.Query<ReconsiderationFile>().ToListAsync(ct))
                if (file.State is { } state)
                    effects.AddRange(ReconsiderationDecider.Effects(state.CaseId, await session.Events.FetchStreamAsync(file.Id, token: ct), null));
            foreach (var file in await session.Query<LitigationFile>().ToListAsync(ct))
                if (file.State is { } state)
                    effects.AddRange(LitigationDecider.Effects(state.CaseId, await session.Events.FetchStreamAsync(file.Id, token: ct), null));
        }
        foreach (var effect in effects)
            await bus.InvokeAsync<Commands.CommandResult>(effect, ct);
        return effects.Count;
    }
}
