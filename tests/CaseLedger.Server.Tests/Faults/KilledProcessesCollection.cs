namespace CaseLedger.Server.Tests.Faults;

/// <summary>The tests that start <c>caseledger serve</c> processes and kill them run one after another: each child is a whole server.</summary>
[CollectionDefinition(Name)]
public sealed class KilledProcessesCollection
{
    public const string Name = "killed processes";
}
