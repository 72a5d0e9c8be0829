using CaseLedger.Audit;
using CaseLedger.Hosting;
using CaseLedger.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CaseLedger.Server.Tests.Audit;

/// <summary>The signing node looks at the log every 100 ms instead of 10 s, so that the test waits briefly for its condition.</summary>
public sealed class QuickPollFixture : ServerFixture
{
    protected override CaseLedgerSettings Configure(CaseLedgerSettings settings) =>
        settings with { CheckpointPoll = TimeSpan.FromMilliseconds(100), CheckpointInterval = TimeSpan.FromMinutes(1) };
}

/// <summary>
/// Checkpoints are time-bounded (issue 19 item 5, docs/integrity.md §2): while events arrive, one at least every
/// <see cref="CaseLedgerSettings.CheckpointInterval"/>, however few they are, so an event waits at most the interval and a poll.
/// </summary>
public class when_events_arrive_in_a_quiet_minute(QuickPollFixture server) : IClassFixture<QuickPollFixture>
{
    [Fact]
    public async Task a_checkpoint_covers_them_once_the_oldest_uncovered_is_a_minute_old()
    {
        var checkpoints = server.App.Services.GetRequiredService<CheckpointService>();
        await server.AppendEventsAsync(3);
        var last = (await server.App.Services.GetRequiredService<StoredLog>().LeavesAsync(long.MaxValue)).Max(l => l.Sequence);
        Assert.True((await checkpoints.LatestAsync())?.HighWaterSequence is not { } covered || covered < last,
            "Three events are far fewer than CheckpointEvery, and no time has passed: nothing is due yet.");

        server.Clock.Advance(Duration.FromSeconds(61));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        Checkpoint? latest;
        while ((latest = await checkpoints.LatestAsync())?.HighWaterSequence < last || latest is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "No checkpoint covered the events within 20 s of their minute.");
            await Task.Delay(50);
        }
        Assert.Equal(server.Clock.GetCurrentInstant(), latest.Time);
    }
}
