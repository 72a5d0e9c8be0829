using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseLedger.Hosting;
using CaseLedger.Json;
using CaseLedger.Server;
using CaseLedger.Supervision;
using CaseLedger.Testing;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;

namespace CaseLedger.Server.Tests.Support;

/// <summary>
/// The real server on a loopback port with its own fresh database and a fake clock: one per test class.
/// Tests isolate themselves by fresh ids, never by restarting the host (unless restarting is the point:
/// <see cref="RestartAsync"/>).
/// </summary>
public class ServerFixture : IAsyncLifetime, IAsyncDisposable
{
    public const string AdminToken = "test-admin-token-0123456789";

    public FakeClock Clock { get; private init; } = new(Instant.FromUtc(2026, 3, 2, 1, 30));
    public WebApplication App { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;
    public IDocumentStore Store => App.Services.GetRequiredService<IDocumentStore>();
    public string ConnectionString { get; private set; } = "";

    /// <summary>Tests sweep deadlines by hand (<see cref="SweepAsync"/>) after moving the clock; no sweeper runs on its own.</summary>
    private TimeSpan? SweepInterval { get; init; }

    /// <summary>A second server on a database that already exists (e.g. a restart), with the given clock and a running sweeper.</summary>
    /// <param name="checkpointKeyPath">The node's checkpoint key (another node's to share it); by default one of its own.</param>
    /// <param name="readConnection">A read replica's connection string for the read side (CASELEDGER_DB_READ); none by default.</param>
    public static async Task<ServerFixture> StartAsync(string connection, FakeClock clock, TimeSpan? sweepInterval, string? checkpointKeyPath = null,
        string? readConnection = null)
    {
        var fixture = new ServerFixture
        {
            Clock = clock, SweepInterval = sweepInterval, ConnectionString = connection, CheckpointKeyPath = checkpointKeyPath, ReadConnection = readConnection,
        };
        await fixture.InitializeAsync();
        return fixture;
    }

    /// <summary>
    /// A fixture over a server that runs in another process (a <c>caseledger serve</c> the test started): the scenarios, which
    /// speak HTTP only, run against it; its clock is the machine's, so <see cref="Clock"/> moves nothing there.
    /// </summary>
    public static ServerFixture Over(Uri baseAddress) => new() { BaseAddress = baseAddress };

    private string? CheckpointKeyPath { get; init; }

    private string? ReadConnection { get; init; }

    public Task<SweepResult> SweepAsync() => App.Services.GetRequiredService<DeadlineSweep>().SweepAsync();

    public async Task InitializeAsync()
    {
        if (ConnectionString.Length == 0) ConnectionString = await TestPostgres.NewDatabaseAsync(nameof(ServerFixture));
        _settings = Configure(new CaseLedgerSettings(ConnectionString, Clock)
        {
            AdminToken = AdminToken,
            DeadlineSweepInterval = SweepInterval,
            CheckpointKeyPath = CheckpointKeyPath ?? Path.Combine(TestPostgres.NewHome("keys"), "checkpoint-p256.pem"),
            // The durable copy of an effect runs soon after the command, so that tests see it handled.
            EffectRecheckDelay = TimeSpan.FromSeconds(1),
            ReadConnectionString = ReadConnection,
            Regions = await RegionsAsync(),
        });
        await StartHostAsync();
        await CaseLedgerServer.BootstrapAdministratorAsync(App, _settings);
    }

    private CaseLedgerSettings _settings = null!;

    private async Task StartHostAsync()
    {
        App = CaseLedgerServer.Build(_settings, "http://127.0.0.1:0", logging => logging.SetMinimumLevel(LogLevel.Warning), SingleSignOn);
        await App.StartAsync();
        BaseAddress = new Uri(App.Urls.First());
    }

    /// <summary>An agency's identity provider the server accepts JWTs from (none unless a fixture names one).</summary>
    protected virtual Server.Http.SingleSignOn? SingleSignOn => null;

    /// <summary>The regions of the deployment (a database each, created by the fixture); none by default.</summary>
    protected virtual Task<IReadOnlyList<Region>> RegionsAsync() => Task.FromResult<IReadOnlyList<Region>>([]);

    /// <summary>A fixture for one feature may change the settings (e.g. faster polling).</summary>
    protected virtual CaseLedgerSettings Configure(CaseLedgerSettings settings) => settings;

    /// <summary>Stops the host and starts a new one on the same database and settings (for what must survive a restart).</summary>
    public async Task RestartAsync()
    {
        await DisposeAsync();
        await StartHostAsync();
    }

    public async Task DisposeAsync()
    {
        if (App is null) return; // A server in another process: it is its starter's to stop.
        await App.StopAsync();
        await App.DisposeAsync();
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    public HttpClient Client(string? token = AdminToken)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
}

public static class HttpExtensions
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(JsonSerializer.Serialize(body, CaseLedgerJson.Responses), Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string url, string body) =>
        client.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));

    public static async Task<JsonNode> JsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    /// <summary>Asserts a problem+json answer with the status and stable code; returns it.</summary>
    public static async Task<JsonNode> AssertProblemAsync(this HttpResponseMessage response, int status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status} {code}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal(code, (string?)problem["code"]);
        return problem;
    }

    public static async Task<JsonNode> AssertOkAsync(this HttpResponseMessage response, int status = 200)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }
}
