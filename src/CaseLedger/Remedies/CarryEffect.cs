using System.Text.Json.Serialization;
using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.Reconsideration;
using CaseLedger.Hosting;
using JasperFx.Core;
using Microsoft.Extensions.Logging;
using Wolverine;
using Wolverine.Attributes;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace CaseLedger.Remedies;

/// <summary>
/// The effect of one stream on a linked one: a command the system runs on <see cref="StreamId"/> because of an event
/// elsewhere (a reconsideration decision revokes the penalty decision; a routed petition opens a reconsideration). It is
/// built from the appended events and committed in their transaction through Wolverine's Marten outbox
/// (<see cref="RunCommandHandler"/>), on the durable local queue <see cref="Queue"/>.
/// </summary>
/// <remarks>
/// One message type with one field per kind of effect, so that the stored envelope names concrete types (a field of type
/// <c>object</c> would not read back). Its identity is pinned: envelopes outlive the process that wrote them.
/// </remarks>
/// <param name="Key">Unique per causing event and effect, e.g. <c>effect:{eventId}:decision</c>: the Idempotency-Key of
/// the system's command and the causation id of the events it appends, so a second delivery appends nothing.</param>
/// <param name="Region">The region (Marten tenant) the causing command ran in, whose database holds the linked stream (a case and
/// its linked proceedings share a region); null for the deployment's own. Set by the pipeline, never by a client.</param>
[MessageIdentity("caseledger.carry-effect.v1")]
public sealed record CarryEffect(
    string StreamId,
    string Key,
    string? CorrelationId,
    StartRemedy? Start = null,
    EndRemedy? End = null,
    CarryRemedyDecision? Decision = null,
    ApplyForReconsideration? Application = null,
    string? Region = null)
{
    public const string Queue = "effects";

    [JsonIgnore]
    public object Command => (object?)Start ?? (object?)End ?? (object?)Decision ?? Application
        ?? throw new InvalidOperationException($"The effect {Key} carries no command.");

    public static CarryEffect Of(string streamId, object command, string key, string? correlationId) => command switch
    {
        StartRemedy start => new(streamId, key, correlationId, Start: start),
        EndRemedy end => new(streamId, key, correlationId, End: end),
        CarryRemedyDecision decision => new(streamId, key, correlationId, Decision: decision),
        ApplyForReconsideration application => new(streamId, key, correlationId, Application: application),
        _ => throw new ArgumentException($"{command.GetType().Name} is not an effect on a linked stream.", nameof(command)),
    };
}

/// <summary>
/// Runs a <see cref="CarryEffect"/> through the one command pipeline as the system, keyed by the causing event: the command
/// runs it before answering, and the durable copy from the outbox runs it again later as a no-op (or, after a crash, for
/// real). A concurrency conflict is decided again; a failure (the database away) is retried from the durable inbox.
/// </summary>
public sealed class CarryEffectHandler(ILogger<CarryEffectHandler> logger, CaseLedgerSettings settings)
{
    private const int Attempts = 3;

    /// <summary>Wolverine's error policy for the durable copy: retried, never dropped into the dead letters.</summary>
    public static void Configure(HandlerChain chain) =>
        chain.OnAnyException().RetryWithCooldown(100.Milliseconds(), 500.Milliseconds())
            .Then.ScheduleRetryIndefinitely(5.Seconds(), 30.Seconds(), 2.Minutes());

    public async Task Handle(CarryEffect effect, IMessageBus bus, CancellationToken ct)
    {
        // Fault injection for the crash tests only (CASELEDGER_TEST_STALL_EFFECTS): the effect never runs in this process.
        if (settings.StallEffects) await Task.Delay(Timeout.Infinite, ct);
        CommandResult result = null!;
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var command = new RunCommand(effect.StreamId, effect.Command, Actor.System, IdempotencyKey: effect.Key, CorrelationId: effect.CorrelationId);
            // A system command stays in the region it is sent in (RegionRoute): the effect's, where its linked stream is.
            result = effect.Region is { } region
                ? await bus.InvokeForTenantAsync<CommandResult>(region, command, ct)
                : await bus.InvokeAsync<CommandResult>(command, ct);
            if (result.Refusal?.Code != RefusalCodes.ConcurrencyConflict) break;
        }
        if (result.Refusal is { } refusal)
            logger.LogWarning("Effect {Command} on {Stream} ({Key}) was refused: {Code} {Message}",
                effect.Command.GetType().Name, effect.StreamId, effect.Key, refusal.Code, refusal.Message);
    }
}
