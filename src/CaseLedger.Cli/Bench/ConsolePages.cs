using System.Net;
using System.Text.RegularExpressions;

namespace CaseLedger.Cli.Bench;

/// <summary>
/// Issue #21's page target: each console page ≤ 100 ms p95 of server time for a case of 200 events. Measured on the benchmark's
/// own served host over loopback, signed in as the console signs in (the sign-in form with its antiforgery token, then the
/// session cookie), each page read whole.
/// </summary>
public sealed partial class Benchmark
{
    /// <summary><c>bench --only pages</c>: the page rows alone, on a host and register of their own.</summary>
    public async Task<IReadOnlyList<BenchFigure>> PagesAsync()
    {
        await DropSchemasAsync();
        try
        {
            var settings = new CaseLedgerSettings(connectionString, clock) { Schema = Schema, CheckpointKeyPath = _checkpointKey };
            await using var app = CaseLedgerServer.Build(settings, "http://127.0.0.1:0", l => l.SetMinimumLevel(LogLevel.Warning));
            await app.StartAsync();
            var register = await new DemoRun(app.Services.GetRequiredService<IMessageBus>(), clock).RegisterAgencyAndOfficersAsync();
            var head = register.Officers.Single(o => o.Roles.Contains(Role.AgencyHead) && o.Id.StartsWith("chen", StringComparison.Ordinal));
            _caseRecorder = register.Actor(head.Id);
            var officers = register.Officers.Where(o => o.Certificate is not null).Take(2).Select(o => o.Id).ToArray();
            await ConsolePagesAsync(app, register.AgencyId, officers, head.Id);
            await app.StopAsync();
            return _figures;
        }
        finally
        {
            await DropSchemasAsync();
            File.Delete(_checkpointKey);
        }
    }

    /// <summary>A case of <see cref="BenchSizes.ShortCase"/> events recorded by commands, then every console page about it timed.</summary>
    private async Task ConsolePagesAsync(WebApplication app, string agencyId, string[] officers, string head)
    {
        var length = sizes.ShortCase;
        progress($"console pages: a case of {length} events, each page read signed in");
        var bus = app.Services.GetRequiredService<IMessageBus>();
        var today = AgencyZone.Today(clock.GetCurrentInstant());
        var caseId = StreamKeys.NewCaseId();
        await RunAsync(bus, caseId, new RegisterLead(agencyId, Procedure.General, new Party(PartyKind.Organisation, "基准测试有限公司", "91370100MA3C000000"),
            new Violation("bench", today.PlusDays(-30), false, ViolationCategory.Ordinary), "bench", today.PlusDays(-20), officers));
        await RunAsync(bus, caseId, new FileCase(today.PlusDays(-19), head, officers, officers[0]));
        for (var i = 2; i < length; i++)
            await RunAsync(bus, caseId, new CollectEvidence(EvidenceKind.Documentary, $"证据 {i}", officers, today.PlusDays(-18), Media));

        using var client = await SignedInAsync(app);
        var half = length / 2;
        (string Page, string Path)[] pages =
        [
            ("overview", $"/console/overview/{agencyId}"),
            ("board", $"/console/deadlines?agency={agencyId}"),
            ("queues", "/console/queues/legal-review"),
            ("case page", $"/console/cases/{caseId}"),
            ("case page, replayed at a version", $"/console/cases/{caseId}?version={half}"),
            ("case page, two versions compared", $"/console/cases/{caseId}?version={half}&withVersion={length}"),
            ("audit page", "/console/audit"),
            ("audit page, the case verified", $"/console/audit?caseId={caseId}"),
        ];
        foreach (var (page, path) in pages)
        {
            var latencies = await Measure.LatenciesAsync(sizes.ReplayRepeats, async () =>
            {
                using var response = await client.GetAsync(path);
                if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"The console answered {(int)response.StatusCode} to {path}.");
                await response.Content.ReadAsStringAsync();
            });
            var p95 = Measure.Percentile(latencies, 0.95);
            Add(new BenchFigure("console page", $"{page}, {length}-event case (p95 {p95.ToString("0.0", CultureInfo.InvariantCulture)} ms)", 1, latencies.Length,
                1000 / Measure.Percentile(latencies, 0.5), Measure.Percentile(latencies, 0.5), Measure.Percentile(latencies, 0.99)) { P95Ms = p95 });
        }
    }

    /// <summary>A client of the served console with its session cookie, signed in with a new administrator's token through the sign-in form.</summary>
    private async Task<HttpClient> SignedInAsync(WebApplication app)
    {
        var token = ApiTokens.NewToken();
        await using (var session = app.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Store(ApiTokens.Record(token, ApiTokens.BootstrapAdminId, clock.GetCurrentInstant()));
            await session.SaveChangesAsync();
        }
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(app.Urls.First()),
        };
        var form = await client.GetStringAsync("/console/sign-in");
        var antiforgery = AntiforgeryField().Match(form).Groups[1].Value;
        using var signIn = await client.PostAsync("/console/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token,
            ["back"] = "/console",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(antiforgery),
        }));
        if (signIn.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"The console's sign-in answered {(int)signIn.StatusCode}.");
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
