using NodaTime;

namespace CaseLedger.Hosting;

/// <summary>Marten stamps events through a TimeProvider; this one reads CaseLedger's single IClock.</summary>
public sealed class ClockTimeProvider(IClock clock) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => clock.GetCurrentInstant().ToDateTimeOffset();
}
