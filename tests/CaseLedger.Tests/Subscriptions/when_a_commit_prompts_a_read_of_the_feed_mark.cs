using CaseLedger.Hosting;
using CaseLedger.Subscriptions;
using NodaTime;
using NodaTime.Testing;
using Npgsql;

namespace CaseLedger.Tests.Subscriptions;

/// <summary>Commits prompt a read of the feed's mark only while a live stream or the webhook workers follow it.</summary>
public class when_a_commit_prompts_a_read_of_the_feed_mark
{
    private static FeedHighWater HighWater() =>
        // Nothing here touches the database: the data source is never opened.
        new(NpgsqlDataSource.Create("Host=127.0.0.1;Database=unused"), new CaseLedgerSettings("Host=127.0.0.1", new FakeClock(Instant.FromUtc(2026, 3, 2, 1, 30))));

    [Fact]
    public void no_one_following_no_read_is_prompted()
    {
        var highWater = HighWater();
        var next = highWater.NextCommit;
        highWater.Committed();
        Assert.False(next.IsCompleted);
    }

    [Fact]
    public void a_follower_prompts_a_read_at_once_and_each_commit_while_it_follows()
    {
        var highWater = HighWater();
        var beforeFollowing = highWater.NextCommit;
        using (highWater.Follow())
        {
            Assert.True(beforeFollowing.IsCompleted);
            var next = highWater.NextCommit;
            highWater.Committed();
            Assert.True(next.IsCompleted);
        }
        var afterFollowing = highWater.NextCommit;
        highWater.Committed();
        Assert.False(afterFollowing.IsCompleted);
    }
}
