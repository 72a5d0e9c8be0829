using CaseLedger.Hosting;
using CaseLedger.Server.Tests.Support;
using CaseLedger.Testing;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;

namespace CaseLedger.Server.Tests.Register;

public class when_the_database_goes_away
{
    [Fact]
    public async Task health_answers_503_once_the_database_stops_answering()
    {
        // A server of its own, so that stopping it touches no other test.
        var postgres = await LocalPostgres.StartAsync(TestPostgres.NewHome("health"));
        try
        {
            await postgres.CreateDatabaseAsync("caseledger");
            var settings = new CaseLedgerSettings(postgres.ConnectionString("caseledger"), new FakeClock(Instant.FromUtc(2026, 3, 2, 0, 0)));
            await using var app = CaseLedgerServer.Build(settings, "http://127.0.0.1:0", l => l.SetMinimumLevel(LogLevel.Critical));
            await app.StartAsync();
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            await (await client.GetAsync("/health")).AssertOkAsync();

            await postgres.DisposeAsync();

            var response = await client.GetAsync("/health");
            Assert.Equal(503, (int)response.StatusCode);
            await app.StopAsync();
        }
        finally
        {
            await postgres.DisposeAsync();
        }
    }
}
