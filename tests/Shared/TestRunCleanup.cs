using Xunit.Abstractions;
using Xunit.Sdk;

namespace CaseLedger.Testing;

/// <summary>
/// xunit 2 has no assembly fixture; its test framework is disposed once the whole run has finished,
/// but the test host is killed soon after, so the stop and removal run in a detached shell. That is where the test run's PostgreSQL is stopped and its folders removed.
/// Each test project names this class in an assembly-level TestFramework attribute.
/// </summary>
public sealed class TestRunCleanup : XunitTestFramework
{
    public TestRunCleanup(IMessageSink messageSink) : base(messageSink) => DisposalTracker.Add(new Cleanup());

    private sealed class Cleanup : IDisposable
    {
        public void Dispose() => TestPostgres.StopAndRemoveAll();
    }
}
