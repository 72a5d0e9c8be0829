using System.Collections.Concurrent;
using CaseLedger.Hosting;
using Marten;

namespace CaseLedger.Subscriptions;

/// <summary>The feed of one database: its reader and its safe mark. <c>Region</c> is null for the deployment's own.</summary>
public sealed record FeedOfDatabase(string? Region, FeedReader Reader, FeedHighWater Mark);

/// <summary>
/// The feed of every database of the deployment (issue #22 item 3): the deployment's own log, and each region's, which has
/// its own sequence. A cursor is a sequence of one log, so a reader follows each region with a cursor of its own
/// (<c>GET /api/feed?region=R</c>), and a webhook subscription keeps one cursor per region; every event carries its region.
/// Without regions, only the deployment's own, as before.
/// </summary>
public sealed class FeedDatabases(IDocumentStore store, FeedReader own, FeedHighWater ownMark, CaseLedgerSettings settings)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<FeedOfDatabase>>> _regions = new();

    /// <summary>The deployment's own log's feed.</summary>
    public FeedOfDatabase Own { get; } = new(null, own, ownMark);

    /// <summary>Whether the deployment has a region of this id.</summary>
    public bool Has(string region) => settings.Regions.Any(r => r.Id == region);

    /// <summary>The feed of <paramref name="region"/>'s log (a region the deployment has), or the deployment's own for null.</summary>
    public async Task<FeedOfDatabase> OfAsync(string? region) =>
        region is null ? Own : await _regions.GetOrAdd(region, id => new Lazy<Task<FeedOfDatabase>>(async () =>
        {
            var source = await store.DataSourceOfAsync(id);
            return new FeedOfDatabase(id, new FeedReader(source, store, settings) { Region = id },
                new FeedHighWater(source, settings) { PromptedBy = ownMark });
        })).Value;

    /// <summary>The regions' feeds, in the order CASELEDGER_REGIONS names them; none without regions.</summary>
    public async Task<IReadOnlyList<FeedOfDatabase>> RegionsAsync() =>
        settings.Regions.Count == 0 ? [] : await Task.WhenAll(settings.Regions.Select(r => OfAsync(r.Id)));

    /// <summary>Every database's feed: the deployment's own first, then each region's.</summary>
    public async Task<IReadOnlyList<FeedOfDatabase>> AllAsync() => [Own, .. await RegionsAsync()];
}
