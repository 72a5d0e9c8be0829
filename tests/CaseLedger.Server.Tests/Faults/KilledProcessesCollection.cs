namespace CaseLedger.Server.Tests.Faults;

/// <summary>The tests that kill servers (caseledger serve processes, a PostgreSQL primary) run one after another: each is a whole server under load.</summary>
[CollectionDefinition(Name)]
public sealed class KilledProcessesCollection
{
    public const string Name = "killed processes";
}
