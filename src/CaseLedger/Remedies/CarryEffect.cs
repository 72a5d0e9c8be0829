using CaseLedger.Commands;
using CaseLedger.Domain;
using Microsoft.Extensions.Logging;
using Wolverine;

namespace CaseLedger.Remedies;

/// <summary>
/// The effect of one stream on a linked one: a command the system runs on <paramref name="StreamId"/> because of
/// an event elsewhere (a reconsideration decision revokes the penalty decision; a routed petition opens a reconsideration).
/// </summary>
/// <param name="Key">Unique per causing event and effect, e.g. <c>effect:{eventId}:decision</c>: the Idempotency-Key of
/// the system's command and the causation id of the events it appends, so a second delivery appends nothing.</param>
public sealed record CarryEffect(string StreamId, object Command, string Key, string? CorrelationId);

/// <summary>Runs a <see cref="CarryEffect"/> through the one command pipeline as the system; retries a concurrency conflict.</summary>
public sealed class CarryEffectHandler(ILogger<CarryEffectHandler> logger)
{
    private const int Attempts = 3;

    public async Task<CommandResult> Handle(CarryEffect effect, IMessageBus bus, CancellationToken ct)
    {
        CommandResult result = null!;
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            result = await bus.InvokeAsync<CommandResult>(
                new RunCommand(effect.StreamId, effect.Command, Actor.System, IdempotencyKey: effect.Key, CorrelationId: effect.CorrelationId), ct);
            if (result.Refusal?.Code != RefusalCodes.ConcurrencyConflict) break;
        }
        if (result.Refusal is { } refusal)
            logger.LogWarning("Effect {Command} on {Stream} ({Key}) was refused: {Code} {Message}",
                effect.Command.GetType().Name, effect.StreamId, effect.Key, refusal.Code, refusal.Message);
        return result;
    }
}
