using CaseLedger.Hosting;
using CaseLedger.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;
using Wolverine;

namespace CaseLedger.Tests.Support;

/// <summary>The engine without HTTP, on a fresh database and a fake clock: one per test class.</summary>
public sealed class EngineFixture : IAsyncLifetime
{
    public FakeClock Clock { get; } = new(Instant.FromUtc(2026, 3, 2, 1, 30));
    public IHost Host { get; private set; } = null!;
    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();
    public IMessageBus Bus => Host.Services.GetRequiredService<IMessageBus>();

    public async Task InitializeAsync()
    {
        var connection = await TestPostgres.NewDatabaseAsync(nameof(EngineFixture));
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddCaseLedger(new CaseLedgerSettings(connection, Clock));
        Host = builder.Build();
        await Host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }
}
