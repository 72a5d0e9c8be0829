using NodaTime;

namespace CaseLedger.Subscriptions;

/// <summary>How the feed follows the store and how webhooks are delivered.</summary>
public sealed record IntegrationSettings
{
    /// <summary>How often the store's high-water mark is checked for new events (SSE, webhooks).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long a feed read waits for transactions that were in flight when it looked; past this it
    /// serves up to the last mark known to be safe instead.
    /// </summary>
    public TimeSpan SettleTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A comment line on a quiet live stream keeps proxies from closing it.</summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Failed attempts of one delivery before it is parked.</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>The wait after the first failure; it doubles with each further failure, up to <see cref="MaxBackoff"/>. Measured on the injected clock.</summary>
    public Duration FirstBackoff { get; init; } = Duration.FromSeconds(5);

    public Duration MaxBackoff { get; init; } = Duration.FromMinutes(10);

    /// <summary>A receiver that has not answered by then has failed this attempt.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether this process delivers webhooks (the demo and benchmark need not).</summary>
    public bool DeliverWebhooks { get; init; } = true;

    public Duration BackoffAfter(int failures) =>
        Duration.FromTicks(Math.Min(MaxBackoff.BclCompatibleTicks, FirstBackoff.BclCompatibleTicks * (1L << Math.Clamp(failures - 1, 0, 20))));
}
