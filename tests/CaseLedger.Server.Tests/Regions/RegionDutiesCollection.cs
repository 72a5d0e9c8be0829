namespace CaseLedger.Server.Tests.Regions;

/// <summary>
/// The background duties and reads that go through every region's database (issue #22 item 3): one deployment of two regions
/// shared by their test classes, which run one after another since each moves the clock.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RegionDutiesCollection : ICollectionFixture<RegionsFixture>
{
    public const string Name = "region duties";
}
