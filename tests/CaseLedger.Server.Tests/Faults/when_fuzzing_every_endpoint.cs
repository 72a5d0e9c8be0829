using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseLedger.Server.Tests.Support;
using CsCheck;

namespace CaseLedger.Server.Tests.Faults;

/// <summary>
/// Issue #20: about 2,000 requests, generated from one fixed seed, across every endpoint the OpenAPI document lists: valid bodies
/// mutated (a field dropped, added or replaced by a hostile value), raw text corruptions (truncated, a name given twice, control
/// characters), other media types, other methods, hostile path and query values, no or a forged token. None may answer 5xx,
/// and no refused request may append an event. Sent one at a time, so that the log's last sequence tells what each appended.
/// </summary>
public class when_fuzzing_every_endpoint(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const int Requests = 2_000;
    private const ulong Seed = 20_2026;

    [Fact]
    public async Task no_request_answers_5xx_and_no_refused_request_appends_an_event()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.FiledCaseAsync(staff);
        var (integrator, _) = await server.OfficerAsync(staff.AgencyId, roles: ["integrator"], certified: false);
        var document = await (await server.Client().GetAsync("/openapi/v1.json")).AssertOkAsync();
        var operations = Operations(document);
        Assert.True(operations.Count > 30, $"Only {operations.Count} operations in the OpenAPI document.");

        var values = new[]
        {
            caseId, staff.AgencyId, staff.Investigator1, integrator, $"SD-{staff.Investigator1}", Guid.NewGuid().ToString(), "sub-unknown",
            "collect-evidence", "file", "legal-review", "x", "", "%00", "%01", "a%2Fb", "..", new string('a', 600), "中文", "'; drop table x; --",
        };
        var seeds = Seeds(staff, integrator);
        var request = Gen.Select(Gen.Int[0, operations.Count - 1], Gen.Int[0, 99], Gen.Int[0, 99], Gen.Int[0, int.MaxValue])
            .Select(t => Build(operations[t.Item1], t.Item2, t.Item3, new Random(t.Item4), values, seeds, staff));

        var pcg = new PCG(1, Seed);
        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();
        using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        for (var i = 0; i < Requests; i++)
        {
            var fuzz = request.Generate(pcg, null, out _);
            var before = await LastSequenceAsync();
            using var message = fuzz.ToMessage();
            using var response = await client.SendAsync(message);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var text = await response.Content.ReadAsStringAsync();
            if (status >= 500) failures.Add($"{status} for {fuzz}: {text[..Math.Min(text.Length, 300)]}");
            else if (status >= 400 && await LastSequenceAsync() != before) failures.Add($"{status} appended events: {fuzz}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {Requests} requests failed ({string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}):\n{string.Join("\n", failures.Take(20))}");
        // The fuzz reached past the edge: some requests were valid, most were refused.
        Assert.True(statuses.Where(s => s.Key < 300).Sum(s => s.Value) > 0, "No request was accepted.");
        Assert.True(statuses.GetValueOrDefault(400) > Requests / 10, "Too few requests were refused as not valid.");
    }

    private async Task<long> LastSequenceAsync() => (await server.Store.Advanced.FetchEventStoreStatistics()).EventCount;

    /// <param name="Example">The example body the document gives, if any: the seed of a command that has no seed of its own.</param>
    private sealed record Operation(string Method, string Path, JsonObject? Example = null);

    private static List<Operation> Operations(JsonNode document) =>
    [
        .. document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(m => new Operation(m.Key.ToUpperInvariant(), p.Key,
                m.Value?["requestBody"]?["content"]?["application/json"]?["example"] as JsonObject)))
            // A live stream never ends by itself.
            .Where(o => !o.Path.EndsWith("/stream", StringComparison.Ordinal))
            .OrderBy(o => o.Path, StringComparer.Ordinal).ThenBy(o => o.Method, StringComparer.Ordinal),
    ];

    private sealed record Fuzz(string Method, string Url, string? Body, string? MediaType, string? Token, string? IdempotencyKey)
    {
        public HttpRequestMessage ToMessage()
        {
            var message = new HttpRequestMessage(new HttpMethod(Method), Url);
            if (Token is not null) message.Headers.TryAddWithoutValidation("Authorization", $"Bearer {Token}");
            if (IdempotencyKey is not null) message.Headers.TryAddWithoutValidation("Idempotency-Key", IdempotencyKey);
            if (Body is not null)
            {
                message.Content = new StringContent(Body, Encoding.UTF8);
                message.Content.Headers.ContentType = MediaType is null ? null : System.Net.Http.Headers.MediaTypeHeaderValue.Parse(MediaType);
            }
            return message;
        }

        public override string ToString() =>
            $"{Method} {Url} [{MediaType}] token={(Token is null ? "none" : Token[..Math.Min(6, Token.Length)])} body={Body?[..Math.Min(Body.Length, 200)]}";
    }

    private static Fuzz Build(Operation operation, int shape, int auth, Random random, string[] values, Dictionary<string, JsonObject> seeds, AgencyStaff staff)
    {
        var method = shape < 4 ? Pick(random, "GET", "POST", "PUT", "DELETE", "PATCH") : operation.Method;
        var path = System.Text.RegularExpressions.Regex.Replace(operation.Path, "{([^}]+)}", m =>
        {
            var value = Pick(random, values);
            return value.Contains('%', StringComparison.Ordinal) ? value : Uri.EscapeDataString(value);
        });
        if (shape is >= 4 and < 12) path += "?" + Pick(random, "after=-1", "after=abc", "limit=0", "limit=99999999999", "asOf=yesterday",
            "version=0", "status=nope", "agency=%00", "within=-3", "on=2026-02-30", "caseId=x", "sequence=-1&treeSize=0", "from=5&to=1", $"agency={staff.AgencyId}");
        var token = auth switch
        {
            // The register is the administrator's, the cases the agency's: an agency head's token reaches the case commands.
            < 45 => ServerFixture.AdminToken,
            < 85 => staff.TokenOf(staff.Head),
            < 90 => null,
            < 95 => "cl_forged-token",
            _ => staff.TokenOf(staff.Investigator1),
        };
        var key = shape % 7 == 0 ? Pick(random, "k-1", "k-2", $"k-{random.Next()}", new string('k', 300), "k\u0001") : null;
        if (method is "GET" or "DELETE") return new Fuzz(method, path, null, null, token, key);

        var seed = seeds.TryGetValue(operation.Path, out var known) ? known.DeepClone().AsObject()
            : operation.Example?.DeepClone().AsObject() ?? RandomObject(random);
        var body = shape switch
        {
            < 40 => Mutate(seed, random).ToJsonString(),
            < 55 => seed.ToJsonString(),
            < 65 => Corrupt(seed.ToJsonString(), random),
            < 70 => Pick(random, "", "null", "[]", "[null]", "\"text\"", "42", "{", "}", "<xml/>", "{\"a\":1}{\"b\":2}", new string('[', 100), "\u0000"),
            _ => Mutate(Mutate(seed, random), random).ToJsonString(),
        };
        var mediaType = shape % 11 == 3 ? Pick(random, "text/plain", "application/xml", "application/x-www-form-urlencoded", null) : "application/json";
        return new Fuzz(method, path, body, mediaType, token, key);
    }

    private static JsonObject Mutate(JsonObject body, Random random)
    {
        var names = body.Select(p => p.Key).ToList();
        switch (random.Next(3))
        {
            case 0 when names.Count > 0:
                body.Remove(Pick(random, [.. names]));
                break;
            case 1 when names.Count > 0:
                body[Pick(random, [.. names])] = Hostile(random);
                break;
            default:
                body[Pick(random, "description", "reason", "officers", "extra", "number", "url", "secret", "eventTypes", "agencies")] = Hostile(random);
                break;
        }
        return body;
    }

    private static JsonNode? Hostile(Random random) => random.Next(22) switch
    {
        0 => null,
        1 => true,
        2 => -1,
        3 => JsonNode.Parse("1e308"),
        4 => JsonNode.Parse("123456789012345678901234567890"),
        5 => "",
        6 => "\u0000",
        7 => "a\u0007b",
        8 => new string('长', 10_001),
        9 => new string('x', 501),
        10 => "2025-02-30",
        11 => "*",
        12 => new JsonArray(null, "a"),
        13 => new JsonArray(),
        14 => new JsonObject(),
        15 => new JsonArray(new JsonArray(new JsonArray(new JsonArray()))),
        16 => "01a24990-0012-7b94-a1f5-bfcb9175e669",
        17 => "caseledger.penalty.unknown.v1",
        18 => JsonNode.Parse("[1, \"two\", {\"three\": 3}]"),
        19 => "http://127.0.0.1:1/hook",
        20 => "../../etc/passwd",
        _ => JsonNode.Parse("{\"kind\": \"fine\", \"amount\": -5}"),
    };

    private static string Corrupt(string json, Random random) => random.Next(5) switch
    {
        0 => json[..(json.Length / 2)],
        1 => json.Length > 2 ? "{\"description\":\"x\"," + json[1..].Replace("}", ",\"description\":\"y\"}", StringComparison.Ordinal) : json,
        2 => json.Replace("\"", "\"\\u0000", StringComparison.Ordinal),
        3 => json.Replace(":", ":\"\\ud800\",\"z\":", StringComparison.Ordinal),
        _ => json + ",",
    };

    private static JsonObject RandomObject(Random random)
    {
        var body = new JsonObject();
        for (var i = random.Next(4); i > 0; i--) body[Pick(random, "on", "reason", "by", "officers", "decidedOn", "description", "id")] = Hostile(random);
        return body;
    }

    private static Dictionary<string, JsonObject> Seeds(AgencyStaff staff, string integrator)
    {
        string[] officers = [staff.Investigator1, staff.Investigator2];
        var evidence = new { kind = "inspection-record", description = "现场检查笔录", officers, collectedOn = "2025-01-09", mediaSha256 = CaseScenarios.Hash };
        return new Dictionary<string, JsonObject>(StringComparer.Ordinal)
        {
            ["/api/cases"] = Json(new
            {
                agencyId = staff.AgencyId, procedure = "general", party = new { kind = "citizen", name = "王某", idNumber = "x" },
                violation = new { description = "无照经营", actEndedOn = CaseDates.ActEnded, continuing = false, category = "ordinary" },
                source = "巡查", discoveredOn = CaseDates.Discovered, officers,
            }),
            ["/api/cases/{caseId}/collect-evidence"] = Json(evidence),
            ["/api/agencies"] = Json(new
            {
                agencyId = $"fuzz-{Guid.NewGuid():N}"[..20], name = "某局", level = "city", domain = "market-regulation",
                policy = new { hearingThresholds = new { citizen = 10000, organisation = 100000 }, legalReviewCatalogue = Array.Empty<string>(), fastTrack = false, restDayExtension = true },
            }),
            ["/api/officers"] = Json(new { officerId = $"fuzz-{Guid.NewGuid():N}"[..20], name = "张某", agencyId = staff.AgencyId, roles = new[] { "enforcement-officer" }, legalProfessionalQualification = false }),
            ["/api/officers/{officerId}/certificates"] = Json(new { number = $"F-{Guid.NewGuid():N}"[..12], domain = "market-regulation", validFrom = "2025-01-01", validTo = "2027-12-31", importedFrom = "fuzz" }),
            ["/api/subscriptions"] = Json(new { url = "http://127.0.0.1:1/hook", secret = "at-least-16-characters", agencies = new[] { staff.AgencyId } }),
            ["/api/integrators/{officerId}/grants"] = Json(new { agencies = new[] { staff.AgencyId }, eventTypes = new[] { "*" } }),
        };
    }

    private static JsonObject Json(object value) => JsonSerializer.SerializeToNode(value)!.AsObject();

    private static T Pick<T>(Random random, params T[] options) => options[random.Next(options.Length)];
}
