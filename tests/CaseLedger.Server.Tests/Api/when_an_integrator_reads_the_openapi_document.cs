using System.Text.Json;
using System.Text.Json.Nodes;
using CaseLedger.Domain.Litigation;
using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.Petitions;
using CaseLedger.Domain.Reconsideration;
using CaseLedger.Server.Tests.Support;

namespace CaseLedger.Server.Tests.Api;

/// <summary>
/// The OpenAPI document is the contract an integrator generates a client from (issue #18): docs/openapi.json is what the
/// server serves, every command is its own operation with a request schema and an example, and each example is a body
/// the server takes (posted on a real case or proceeding, it is never refused for its shape).
/// </summary>
public sealed class when_an_integrator_reads_the_openapi_document(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static readonly (string Kind, IReadOnlyDictionary<string, Type> Commands)[] Kinds =
    [
        ("cases", PenaltyCase.Commands), ("reconsiderations", ReconsiderationCase.Commands),
        ("litigations", LitigationCase.Commands), ("petitions", PetitionCase.Commands),
    ];

    private static readonly Dictionary<string, string> Openings = new()
    {
        ["cases"] = "register-lead", ["reconsiderations"] = "apply", ["litigations"] = "file", ["petitions"] = "lodge",
    };

    [Fact]
    public async Task docs_openapi_json_is_the_document_the_server_serves()
    {
        var served = OpenApiFile.Normalised(await (await server.Client().GetAsync("/openapi/v1.json")).AssertOkAsync());
        var path = OpenApiFile.Path;
        var committed = File.Exists(path) ? await File.ReadAllTextAsync(path) : "";
        if (committed.ReplaceLineEndings("\n") != served)
        {
            var expected = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "caseledger-openapi.json");
            await File.WriteAllTextAsync(expected, served);
            Assert.Fail($"docs/openapi.json is not the served document: the document as served is in {expected} (copy it to docs/openapi.json).");
        }
    }

    [Fact]
    public async Task every_command_is_an_operation_with_a_request_schema_and_an_example()
    {
        var document = await (await server.Client().GetAsync("/openapi/v1.json")).AssertOkAsync();
        var missing = new List<string>();
        foreach (var (kind, commands) in Kinds)
        foreach (var (name, type) in commands)
        {
            var path = name == Openings[kind] ? $"/api/{kind}" : $"/api/{kind}/{{{(kind == "cases" ? "caseId" : "id")}}}/{name}";
            var operation = document["paths"]?[path]?["post"];
            var media = operation?["requestBody"]?["content"]?["application/json"];
            var schema = media?["schema"]?["$ref"]?.GetValue<string>();
            if (operation is null) missing.Add($"{path}: no operation");
            else if (schema != $"#/components/schemas/{type.Name}") missing.Add($"{path}: request schema {schema ?? "none"}, not {type.Name}");
            else if (media!["example"] is not JsonObject) missing.Add($"{path}: no example");
            else if (operation["operationId"] is null || operation["summary"] is null) missing.Add($"{path}: no operationId or summary");
        }
        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Fact]
    public async Task each_documented_example_is_taken_on_a_real_case_or_proceeding()
    {
        var document = await (await server.Client().GetAsync("/openapi/v1.json")).AssertOkAsync();
        var staff = await server.NewStaffAsync();
        var caseId = await server.PublishedCaseAsync(staff);
        // Recorded by the agency's head (who also heads the reconsideration body here): an administrator records no step.
        var head = staff.TokenOf(staff.Head);
        var ids = new Dictionary<string, string>
        {
            ["cases"] = await server.FiledCaseAsync(staff),
            ["reconsiderations"] = await OpenAsync(head, "/api/reconsiderations", "reconsiderationId", new
            {
                caseId,
                applicant = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
                knewOn = "2025-03-10", appliedOn = "2026-02-03", remedyNoticeGiven = false, body = staff.AgencyId,
            }),
            ["litigations"] = await OpenAsync(head, "/api/litigations", "litigationId", new
            {
                caseId, court = "济南市历下区人民法院",
                plaintiff = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
                knewOn = "2025-01-29", filedOn = "2025-07-01", complaintReceivedOn = "2025-07-08", staff = staff.Investigators,
            }),
            ["petitions"] = await OpenAsync(head, "/api/petitions", "petitionId", new
            {
                petitioner = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
                subject = "对罚款决定不服", lodgedOn = "2026-02-02", caseId,
            }),
        };
        var refused = new List<string>();
        var answers = new Dictionary<int, int>();
        var examples = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            if (item!["post"]?["requestBody"]?["content"]?["application/json"]?["example"] is not JsonObject example) continue;
            var kind = path.Split('/')[2];
            if (!ids.TryGetValue(kind, out var id)) continue;
            examples++;
            var url = path.Replace("{caseId}", id, StringComparison.Ordinal).Replace("{id}", id, StringComparison.Ordinal);
            using var response = await server.Client(head).PostJsonAsync(url, example);
            var status = (int)response.StatusCode;
            answers[status] = answers.GetValueOrDefault(status) + 1;
            // The procedure may refuse it on this case (422, or 404 for a case the example names); its shape may not be refused.
            if (status is 400 or 413 or 415 or >= 500)
                refused.Add($"{path} {status}: {await response.Content.ReadAsStringAsync()}");
        }
        Assert.True(examples == Kinds.Sum(k => k.Commands.Count), $"Only {examples} examples posted.");
        Assert.True(refused.Count == 0, $"{refused.Count} examples refused for their shape ({string.Join(", ", answers.Select(a => $"{a.Key}×{a.Value}"))}):\n{string.Join("\n", refused)}");
        Assert.True(answers.GetValueOrDefault(200) + answers.GetValueOrDefault(201) > 0, "No example was taken.");
    }

    [Fact]
    public async Task a_command_no_route_knows_is_not_found()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.FiledCaseAsync(staff);
        var head = server.Client(staff.TokenOf(staff.Head));
        await (await head.PostJsonAsync($"/api/cases/{caseId}/bribe-the-reviewer", new { })).AssertProblemAsync(404, "not-found");
        await (await head.PostJsonAsync($"/api/cases/{caseId}/register-lead", new { })).AssertProblemAsync(404, "not-found");
        await (await head.PostJsonAsync("/api/petitions/x/accept", new { })).AssertProblemAsync(404, "not-found");
    }

    [Fact]
    public async Task redocly_recommended_lint_finds_no_error_in_docs_openapi_json()
    {
        var tool = System.IO.Path.Combine(Repository.Root, "tools", "openapi-lint");
        var redocly = System.IO.Path.Combine(tool, "node_modules", ".bin", "redocly");
        // .ci/run installs it; a fresh clone installs it here, from the pinned package-lock.json.
        if (!File.Exists(redocly))
        {
            var (installed, installOutput) = await ProcessRun.RunAsync("npm", "ci --no-audit --no-fund", tool, TimeSpan.FromMinutes(3));
            Assert.True(installed == 0, $"npm ci in tools/openapi-lint failed ({installed}): {installOutput}");
        }
        var (exit, output) = await ProcessRun.RunAsync(redocly, "lint ../../docs/openapi.json --extends=recommended --format=stylish --max-problems=50", tool, TimeSpan.FromMinutes(2));
        var errors = System.Text.RegularExpressions.Regex.Matches(output, @"^\s*\d+:\d+\s+error\s", System.Text.RegularExpressions.RegexOptions.Multiline).Count;
        Assert.True(exit == 0 && errors == 0 && output.Contains("openapi.json", StringComparison.Ordinal),
            $"Redocly's recommended lint finds {errors} errors in docs/openapi.json (exit {exit}):\n{output}");
    }

    private async Task<string> OpenAsync(string token, string url, string idName, object body) =>
        (string)(await (await server.Client(token).PostJsonAsync(url, body)).AssertOkAsync(201))[idName]!;
}

/// <summary>docs/openapi.json: the served document, indented, as committed.</summary>
internal static class OpenApiFile
{
    public static string Path => System.IO.Path.Combine(Repository.Root, "docs", "openapi.json");

    public static string Normalised(JsonNode document) =>
        document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
            .ReplaceLineEndings("\n") + "\n";
}

internal static class ProcessRun
{
    /// <summary>Runs a program to its end within <paramref name="limit"/> (killed after it); its exit code and its output and errors.</summary>
    public static async Task<(int Exit, string Output)> RunAsync(string program, string arguments, string folder, TimeSpan limit)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{program} {arguments} did not end within {limit}.");
        }
        return (process.ExitCode, await output + await errors);
    }
}

internal static class Repository
{
    public static string Root
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !File.Exists(System.IO.Path.Combine(folder.FullName, "CaseLedger.sln"))) folder = folder.Parent;
            return folder?.FullName ?? throw new InvalidOperationException("No CaseLedger.sln above the test folder.");
        }
    }
}
