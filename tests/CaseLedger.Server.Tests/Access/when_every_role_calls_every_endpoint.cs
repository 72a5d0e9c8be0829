using HttpStatusCode = System.Net.HttpStatusCode;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseLedger.Domain;
using CaseLedger.Domain.Litigation;
using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.Petitions;
using CaseLedger.Domain.Reconsideration;
using CaseLedger.Domain.SupervisionMatters;
using CaseLedger.Domain.CaseFileReviews;
using CaseLedger.Domain.Disputes;
using CaseLedger.Domain.Assessments;
using CaseLedger.Server.Http;
using CaseLedger.Server.Tests.Support;
using Marten;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;

namespace CaseLedger.Server.Tests.Access;

/// <summary>
/// The rules as a table, tried in full: every endpoint the server maps (from its endpoint data source, each case or
/// proceeding command on its own) × every role × a target of the actor's own agency and of another. A role the table
/// refuses gets 403 and appends nothing; a role it admits is never refused by the policy. An endpoint without a rule
/// fails, and docs/access.md shows the same table.
/// </summary>
[Collection(AccessCollection.Name)]
public sealed class when_every_role_calls_every_endpoint(AccessFixture server)
{
    private sealed record Side(string Agency, string Case, string Reconsideration, string Litigation, string Petition, string SupervisionMatter, string ReviewCampaign, string Dispute, string ThirdPartyAssessment,
        string Officer,
        string Integrator, string IntegratorToken, string Subscription, long TreeSize);

    [Fact]
    public async Task docs_access_md_shows_the_rules_of_the_table()
    {
        var docs = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "docs", "access.md"));
        var table = AccessRules.Markdown();
        if (!docs.ReplaceLineEndings("\n").Contains(table, StringComparison.Ordinal))
        {
            var expected = Path.Combine(Path.GetTempPath(), "caseledger-access-table.md");
            await File.WriteAllTextAsync(expected, table);
            Assert.Fail($"docs/access.md does not show the table of AccessRules: the table as it stands is in {expected}.");
        }
    }

    [Fact]
    public async Task each_endpoint_answers_each_role_as_docs_access_md_says()
    {
        var table = await TableAsync();
        Assert.True(table.Unruled.Count == 0, $"Endpoints without an access rule: {string.Join(", ", table.Unruled)}");
        Assert.True(table.Calls > 1000, $"Only {table.Calls} calls.");
        Assert.True(table.Leaks.Count == 0, $"{table.Leaks.Count} of {table.Calls} answers differ from docs/access.md:\n{string.Join("\n", table.Leaks.Take(60))}");
    }

    /// <summary>
    /// The same calls read as an integrator's generated client reads them (issue #18): every successful JSON answer has the
    /// schema docs/openapi.json gives its operation and status, and every GET was seen answering and checked.
    /// </summary>
    [Fact]
    public async Task each_answer_has_the_shape_docs_openapi_json_documents()
    {
        var table = await TableAsync();
        var unseen = table.Gets.Except(table.Checked).Order().ToList();
        Assert.True(table.Departures.Count == 0,
            $"{table.Departures.Count} answers depart from docs/openapi.json:\n{string.Join("\n", table.Departures.Distinct().Take(80))}");
        Assert.True(unseen.Count == 0, $"GET operations never seen answering with a documented schema: {string.Join(", ", unseen)}");
    }

    private sealed record Table(IReadOnlyList<string> Unruled, int Calls, IReadOnlyList<string> Leaks, IReadOnlyList<string> Departures,
        IReadOnlySet<string> Gets, IReadOnlySet<string> Checked);

    // The table is tried once for both facts: thousands of calls on the collection's one server.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<AccessFixture, Task<Table>> Tables = new();

    private Task<Table> TableAsync() => Tables.GetValue(server, _ => TryTableAsync());

    private async Task<Table> TryTableAsync()
    {
        var endpoints = server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Method: m, Endpoint: e)))
            .ToList();
        var unruled = endpoints.Select(e => AccessRules.Key(e.Method, e.Endpoint.RoutePattern.RawText ?? ""))
            .Where(k => !AccessRules.Anonymous.Contains(k) && AccessRules.For(k.Split(' ')[0], k.Split(' ')[1]) is null).ToList();
        var document = await (await server.Client().GetAsync("/openapi/v1.json")).AssertOkAsync();
        var shapes = new DocumentedShape(document);
        // Every GET that answers JSON (not the live stream, not the PEM key).
        var gets = document["paths"]!.AsObject()
            .Where(p => p.Value?["get"]?["responses"]?["200"]?["content"]?["application/json"] is not null).Select(p => p.Key).ToHashSet();
        var seen = new HashSet<string>();
        var departures = new List<string>();
        // The one anonymous operation, outside the table.
        var health = await (await server.Client(null).GetAsync("/health")).AssertOkAsync();
        departures.AddRange(shapes.Departures(health, shapes.AnswerSchema("GET", "/health", 200)!).Select(d => $"GET /health 200: {d}"));
        seen.Add("/health");

        var (own, other) = (await SideAsync(), await SideAsync());
        var actors = new List<(Role Role, string Token)>();
        foreach (var role in Enum.GetValues<Role>()) actors.Add((role, await ActorAsync(role, own)));

        var leaks = new List<string>();
        var calls = 0;
        // One connection counts the log for the whole table: a refused write must leave it as it was.
        await using var log = new NpgsqlConnection(server.ConnectionString);
        await log.OpenAsync();
        foreach (var (role, token) in actors)
        foreach (var (method, endpoint) in endpoints)
        {
            var rule = AccessRules.For(method, endpoint.RoutePattern.RawText ?? "");
            if (rule is null) continue;
            foreach (var (side, isOwn) in new[] { (own, true), (other, false) })
            foreach (var (url, body) in Requests(method, endpoint, side))
            {
                calls++;
                var expected = Admitted(rule.For(role), isOwn, rule.Route);
                var write = method != "GET";
                var before = write ? await EventCountAsync(log) : 0;
                var (status, problem, answer) = await CallAsync(method, url, body, token);
                var byPolicy = status == HttpStatusCode.Forbidden && (problem?.Contains(Authorization.Rules, StringComparison.Ordinal) ?? false);
                if (!expected && status != HttpStatusCode.Forbidden)
                    leaks.Add($"{Kebab(role)} {(isOwn ? "own" : "other")} {method} {url}: expected 403, got {(int)status} {problem}");
                else if (!expected && write && await EventCountAsync(log) != before)
                    leaks.Add($"{Kebab(role)} {(isOwn ? "own" : "other")} {method} {url}: refused but appended");
                else if (expected && byPolicy)
                    leaks.Add($"{Kebab(role)} {(isOwn ? "own" : "other")} {method} {url}: the table admits it, the policy refused: {problem}");
                if (answer is null) continue;
                var route = "/" + (endpoint.RoutePattern.RawText ?? "").Trim('/');
                // Not an operation of the document (the document itself, the console's pages).
                if (document["paths"]?[route] is null) continue;
                if (shapes.AnswerSchema(method, route, (int)status) is not { } schema)
                {
                    departures.Add($"{method} {route} {(int)status}: no schema documented");
                    continue;
                }
                if (method == "GET") seen.Add(route);
                departures.AddRange(shapes.Departures(answer, schema).Select(d => $"{method} {route} {(int)status}: {d}"));
            }
        }
        return new Table(unruled, calls, leaks, departures, gets, seen);
    }

    /// <summary>What the table says of one role on one side. A reach with no target per request (the feed, one's own list) admits both sides.</summary>
    private static bool Admitted(Reach reach, bool own, string route) => reach switch
    {
        Reach.None => false,
        Reach.All or Reach.Grant => true,
        Reach.Self => own || route == "/api/subscriptions",
        _ => own,
    };

    private IEnumerable<(string Url, JsonNode? Body)> Requests(string method, RouteEndpoint endpoint, Side side)
    {
        var route = endpoint.RoutePattern.RawText!.TrimEnd('/');
        var kind = route.Split('/', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1);
        var id = kind switch
        {
            "reconsiderations" => side.Reconsideration,
            "litigations" => side.Litigation,
            "petitions" => side.Petition,
            "supervision-matters" => side.SupervisionMatter,
            "review-campaigns" => side.ReviewCampaign,
            "disputes" => side.Dispute,
            "third-party-assessments" => side.ThirdPartyAssessment,
            "subscriptions" => side.Subscription,
            _ => "",
        };
        var path = route.Replace("{caseId}", side.Case).Replace("{id}", id).Replace("{agencyId}", side.Agency)
            .Replace("{officerId}", kind == "integrators" ? side.Integrator : side.Officer).Replace("{number}", $"SD-{side.Officer}")
            .Replace("{queue}", "legal-review").Replace("{documentName}", "v1");
        var query = route switch
        {
            "/api/officers/{officerId}/certification" => $"?domain={RegisterScenarios.Domain}&on=2025-01-09&caseId={side.Case}",
            "/api/cases/{caseId}/state" => "?version=1",
            "/api/agencies/{agencyId}/assessment" or "/api/officers/{officerId}/assessment" => "?year=2026&quarter=1",
            "/api/deadlines" or "/api/queues/{queue}" => $"?agency={side.Agency}",
            "/api/audit/verify" => $"?caseId={side.Case}",
            "/api/audit/proofs/inclusion" => "?sequence=1",
            "/api/audit/proofs/consistency" => $"?from={side.TreeSize}&to={side.TreeSize}",
            "/api/audit/proofs/stream-head" => $"?stream={side.Case}&treeSize={side.TreeSize}",
            _ => "",
        };
        if (method != "POST")
        {
            yield return (path + query, null);
            yield break;
        }
        var commands = kind switch
        {
            "cases" => PenaltyCase.Commands,
            "reconsiderations" => ReconsiderationCase.Commands,
            "litigations" => LitigationCase.Commands,
            "petitions" => PetitionCase.Commands,
            "supervision-matters" => SupervisionMatter.Commands,
            "review-campaigns" => ReviewCampaign.Commands,
            "disputes" => Dispute.Commands,
            "third-party-assessments" => ThirdPartyAssessment.Commands,
            _ => null,
        };
        // A step on an open case or proceeding: each command is its own typed route.
        if (endpoint.Metadata.GetMetadata<CommandRoute>() is { } step && route.Contains('{', StringComparison.Ordinal))
        {
            yield return (path, Sample(step.Type, 0));
            yield break;
        }
        var bodyType = commands is not null ? Opening(kind!) : endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        var body = bodyType is null ? new JsonObject() : Sample(bodyType, 0) as JsonObject ?? new JsonObject();
        switch (kind)
        {
            case "cases": body["agencyId"] = side.Agency; break;
            case "reconsiderations": body["caseId"] = side.Case; body["body"] = side.Agency; break;
            case "litigations" or "petitions": body["caseId"] = side.Case; break;
            case "supervision-matters": body["caseId"] = side.Case; body["body"] = side.Agency; break;
            case "review-campaigns": body["agencies"] = new JsonArray(side.Agency); body["body"] = side.Agency; break;
            case "disputes": body["raisedBy"] = side.Officer; break;
            case "third-party-assessments": body["agency"] = side.Agency; body["body"] = side.Agency; break;
        }
        yield return (path + query, body);
    }

    private static Type Opening(string kind) => kind switch
    {
        "cases" => PenaltyCase.Commands["register-lead"],
        "reconsiderations" => ReconsiderationCase.Commands["apply"],
        "litigations" => LitigationCase.Commands["file"],
        "supervision-matters" => SupervisionMatter.Commands["open"],
        "review-campaigns" => ReviewCampaign.Commands["open"],
        "disputes" => Dispute.Commands["raise"],
        "third-party-assessments" => ThirdPartyAssessment.Commands["record"],
        _ => PetitionCase.Commands["lodge"],
    };

    /// <summary>A body of the command's shape (every field present and of its type), so that what refuses it is the policy and not the parser.</summary>
    private static JsonNode? Sample(Type type, int depth)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string)) return "x";
        if (t == typeof(bool)) return false;
        if (t == typeof(int) || t == typeof(long) || t == typeof(decimal)) return 1;
        if (t == typeof(LocalDate)) return "2025-01-09";
        if (t == typeof(Instant)) return "2025-01-09T01:00:00Z";
        if (t.IsEnum) return Kebab(Enum.GetNames(t)[0]);
        if (t != typeof(string) && t.GetInterfaces().Append(t).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))) return new JsonObject();
        if (typeof(System.Collections.IEnumerable).IsAssignableFrom(t)) return new JsonArray();
        if (depth > 3) return null;
        var constructor = t.GetConstructors(BindingFlags.Public | BindingFlags.Instance).OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        var sample = new JsonObject();
        foreach (var parameter in constructor?.GetParameters() ?? [])
            sample[JsonNamingPolicy.CamelCase.ConvertName(parameter.Name!)] = Sample(parameter.ParameterType, depth + 1);
        return sample;
    }

    /// <summary>The status, the problem of a refusal, and the JSON of a successful answer.</summary>
    private async Task<(HttpStatusCode Status, string? Problem, JsonNode? Answer)> CallAsync(string method, string url, JsonNode? body, string token)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await server.Client(token).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
        var media = response.Content.Headers.ContentType?.MediaType;
        var problem = media == "application/problem+json" ? await response.Content.ReadAsStringAsync(limit.Token) : null;
        var answer = response.IsSuccessStatusCode && media == "application/json"
            ? JsonNode.Parse(await response.Content.ReadAsStringAsync(limit.Token))
            : null;
        return (response.StatusCode, problem, answer);
    }

    private async Task<long> EventCountAsync(NpgsqlConnection log)
    {
        // Signed checkpoints are recorded in the log by the signing duty in the background, whoever calls: not a write of the caller's.
        await using var count = new NpgsqlCommand(
            $"select count(*) from {server.Store.Options.Events.DatabaseSchemaName}.mt_events where stream_id <> '{CaseLedger.Commands.StreamKeys.Checkpoints}'", log);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>An agency with a published case and each linked proceeding on it, an officer, and an integrator with a subscription.</summary>
    private async Task<Side> SideAsync()
    {
        var staff = await server.NewStaffAsync();
        var caseId = await server.PublishedCaseAsync(staff);
        // Set up by the agency's own staff (its head also heads the body here): an administrator records no step.
        var reconsideration = (string)(await (await server.Client(staff.TokenOf(staff.Head)).PostJsonAsync("/api/reconsiderations", new
        {
            caseId,
            applicant = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
            knewOn = "2025-03-10",
            appliedOn = "2026-02-03",
            remedyNoticeGiven = false,
            body = staff.AgencyId,
        })).AssertOkAsync(201))["reconsiderationId"]!;
        var litigation = (string)(await (await server.Client(staff.TokenOf(staff.Head)).PostJsonAsync("/api/litigations", new
        {
            caseId,
            court = "济南市历下区人民法院",
            plaintiff = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
            knewOn = "2025-01-29",
            filedOn = "2025-07-01",
            complaintReceivedOn = "2025-07-08",
            staff = staff.Investigators,
        })).AssertOkAsync(201))["litigationId"]!;
        var petition = (string)(await (await server.Client(staff.TokenOf(staff.Investigator1)).PostJsonAsync("/api/petitions", new
        {
            petitioner = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
            subject = "对罚款决定不服",
            lodgedOn = "2026-02-02",
            caseId,
        })).AssertOkAsync(201))["petitionId"]!;
        // A department supervises itself (山东省行政执法监督条例 Art. 4): two of its certified supervision staff open a matter on the case.
        string[] supervisors = [(await server.OfficerAsync(staff.AgencyId, ["supervision-staff"], certified: false)).Id,
            (await server.OfficerAsync(staff.AgencyId, ["supervision-staff"], certified: false)).Id];
        foreach (var supervisor in supervisors) await server.SupervisionCertificateAsync(supervisor);
        var matter = (string)(await (await server.Client(staff.TokenOf(staff.Head)).PostJsonAsync("/api/supervision-matters", new
        {
            source = "complaint", subject = "罚款", openedOn = "2026-02-02", supervisors, caseId, body = staff.AgencyId, complainant = "王五",
        })).AssertOkAsync(201))["matterId"]!;
        // The department reviews its own files the same way (Art. 14).
        var campaign = (string)(await (await server.Client(staff.TokenOf(staff.Head)).PostJsonAsync("/api/review-campaigns", new
        {
            title = "案卷评查", agencies = new[] { staff.AgencyId }, periodFrom = "2025-01-01", periodTo = "2025-12-31", sampleSize = 1,
            openedOn = "2026-02-02", supervisors, seed = 1, body = staff.AgencyId,
        })).AssertOkAsync(201))["campaignId"]!;
        // Two county market regulators dispute which is competent; the city's, their common superior, designates it
        // (行政处罚法 Art. 25; 山东省行政执法监督条例 Art. 18): the side's agency is the dispute's office.
        var (county, rival) = (await CountyAgencyAsync(), await CountyAgencyAsync());
        var (countyHead, countyToken) = await server.OfficerAsync(county, ["agency-head", "enforcement-officer"]);
        var dispute = (string)(await (await server.Client(countyToken).PostJsonAsync("/api/disputes", new
        {
            kind = "competence", subject = "管辖争议", agencies = new[] { rival }, office = staff.AgencyId, raisedOn = "2026-02-02", raisedBy = countyHead,
        })).AssertOkAsync(201))["disputeId"]!;
        // Its supervision staff record a third party's assessment of the agency itself (山东省行政执法监督条例 Arts. 4, 16).
        var assessment = (string)(await (await server.Client(staff.TokenOf(staff.Head)).PostJsonAsync("/api/third-party-assessments", new
        {
            agency = staff.AgencyId, year = 2025, assessor = "山东某评估有限公司", score = 88.5, grade = "good", findings = "程序规范",
            reportSha256 = new string('e', 64), assessedOn = "2026-02-02", supervisors, body = staff.AgencyId,
        })).AssertOkAsync(201))["assessmentId"]!;
        var (integrator, token) = await server.IntegratorAsync(staff.AgencyId, [staff.AgencyId], ["*"]);
        var subscription = (string)(await (await server.Client(token).PostJsonAsync("/api/subscriptions",
            new { url = "http://127.0.0.1:9/hook", secret = "a-secret-of-16-chars" })).AssertOkAsync(201))["id"]!;
        // A checkpoint that holds the side's case, for the proofs.
        var treeSize = (long)(await (await server.Client().PostJsonAsync("/api/audit/checkpoints", new { })).AssertOkAsync(201))["treeSize"]!;
        return new Side(staff.AgencyId, caseId, reconsideration, litigation, petition, matter, campaign, dispute, assessment, staff.Investigator1, integrator, token, subscription,
            treeSize);
    }

    private async Task<string> CountyAgencyAsync()
    {
        var id = ServerFixture.Unique("county");
        await (await server.Client().PostJsonAsync("/api/agencies", new
        {
            agencyId = id, name = "历城区市场监督管理局", level = "county", domain = RegisterScenarios.Domain,
            policy = new { hearingThresholds = new { citizen = 10000, organisation = 100000 }, legalReviewCatalogue = Array.Empty<string>(), fastTrack = false, restDayExtension = true },
        })).AssertOkAsync(201);
        return id;
    }

    /// <summary>An actor of the own side's agency holding one role; supervisors and auditors are granted that agency; the integrator is the side's own.</summary>
    private async Task<string> ActorAsync(Role role, Side own)
    {
        if (role == Role.Admin) return ServerFixture.AdminToken;
        if (role == Role.Integrator) return own.IntegratorToken;
        var certified = role is Role.EnforcementOfficer or Role.AgencyHead or Role.HearingPresider;
        var (id, token) = await server.OfficerAsync(own.Agency, roles: [Kebab(role)], qualified: true, certified: certified);
        if (Authorization.Overseers.Contains(role))
            await (await server.Client().PostJsonAsync($"/api/officers/{id}/scope", new { agencies = new[] { own.Agency } })).AssertOkAsync();
        return token;
    }

    private static string Kebab(object value) => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString()!);

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "CaseLedger.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("No CaseLedger.sln above the test folder.");
    }
}
