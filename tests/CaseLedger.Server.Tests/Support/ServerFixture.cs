using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseLedger.Hosting;
using CaseLedger.Json;
using CaseLedger.Server;
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
/// Tests isolate themselves by fresh ids, never by restarting the host.
/// </summary>
public class ServerFixture : IAsyncLifetime
{
    public const string AdminToken = "test-admin-token-0123456789";

    public FakeClock Clock { get; } = new(Instant.FromUtc(2026, 3, 2, 1, 30));
    public WebApplication App { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;
    public IDocumentStore Store => App.Services.GetRequiredService<IDocumentStore>();
    public CaseLedgerSettings Settings { get; private set; } = null!;

    /// <summary>A fixture for a feature that needs other settings (e.g. checkpoints every few events) overrides this.</summary>
    protected virtual CaseLedgerSettings Configure(CaseLedgerSettings settings) => settings;

    public async Task InitializeAsync()
    {
        var connection = await TestPostgres.NewDatabaseAsync(nameof(ServerFixture));
        var settings = Configure(new CaseLedgerSettings(connection, Clock)
        {
            AdminToken = AdminToken,
            CheckpointKeyPath = Path.Combine(TestPostgres.NewHome("keys"), "checkpoint-p256.pem"),
        });
        Settings = settings;
        App = CaseLedgerServer.Build(settings, "http://127.0.0.1:0", logging => logging.SetMinimumLevel(LogLevel.Warning));
        await App.StartAsync();
        await CaseLedgerServer.BootstrapAdministratorAsync(App, settings);
        BaseAddress = new Uri(App.Urls.First());
    }

    public async Task DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }

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
