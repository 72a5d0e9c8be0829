using CaseLedger.Server.Tests.Support;

namespace CaseLedger.Server.Tests.Supervision;

/// <summary>
/// The supervision tests share one server and run one after another: each sets the clock it needs and
/// works in an agency of its own, so one host (one connection pool) serves them all.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SupervisionCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "supervision";
}
