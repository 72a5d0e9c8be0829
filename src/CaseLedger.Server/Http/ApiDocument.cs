using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using NodaTime;

namespace CaseLedger.Server.Http;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>, committed as docs/openapi.json) beyond what ASP.NET infers from the
/// routes, applied once to every operation: the bearer scheme, an operation id and a summary (the access table's
/// words), the problems each operation can answer, NodaTime values as the ISO-8601 strings they travel as, and an
/// example body for every command. OpenAPI 3.0, the version every client generator reads.
/// </summary>
public static class ApiDocument
{
    public const string BearerScheme = "bearer";
    private const string ProblemSchema = "ApiProblem";
    private static readonly HashSet<Type> NodaTypes = [typeof(LocalDate), typeof(Instant), typeof(Duration), typeof(Period)];

    public static void Configure(OpenApiOptions options)
    {
        options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;
        // NodaTime values are ISO-8601 strings in place, not components of their own.
        options.CreateSchemaReferenceId = info => NodaTypes.Contains(Nullable.GetUnderlyingType(info.Type) ?? info.Type) ? null : OpenApiOptions.CreateDefaultSchemaReferenceId(info);
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "CaseLedger",
                Version = "v1",
                Description = "The case lifecycle of administrative law enforcement: every step an event, every refusal "
                    + "application/problem+json with a stable `code`. Send `Authorization: Bearer <token>` on every request but GET /health.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A CaseLedger API token (issued with its officer, shown once) or a JWT of the agency's configured identity provider.",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
            // Not the host that happened to ask: the document is the same wherever it is served (docs/openapi.json).
            document.Servers =
            [
                new OpenApiServer
                {
                    Url = "{scheme}://{host}",
                    Description = "Where `caseledger serve` listens (README: Serving the API).",
                    Variables = new Dictionary<string, OpenApiServerVariable>
                    {
                        ["scheme"] = new() { Default = "http", Enum = ["http", "https"] },
                        ["host"] = new() { Default = "127.0.0.1:5080" },
                    },
                },
            ];
            document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }));
            foreach (var schema in document.Components.Schemas?.Values.OfType<OpenApiSchema>() ?? [])
            foreach (var name in schema.Properties?.Keys.ToList() ?? [])
                schema.Properties![name] = NullableReference(schema.Properties[name]);
            return Task.CompletedTask;
        });
        options.AddOperationTransformer(DescribeAsync);
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
            // Money is decimal yuan: generated clients keep it decimal, not double.
            if (type == typeof(decimal)) schema.Format = "decimal";
            // Enums travel as their kebab-case names: strings, so that generated clients send the names, not numbers.
            // An optional enum field may be left out; its values are the names alone (a null among them would contradict the type).
            if (type.IsEnum)
            {
                schema.Type ??= JsonSchemaType.String;
                schema.Enum = schema.Enum?.Where(v => v is not null && v.GetValueKind() != System.Text.Json.JsonValueKind.Null).ToList();
            }
            var format = type == typeof(LocalDate) ? "date" : type == typeof(Instant) ? "date-time" : type == typeof(Duration) || type == typeof(Period) ? "duration" : null;
            if (format is null) return Task.CompletedTask;
            var nullable = context.JsonTypeInfo.Type != type;
            schema.Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
            schema.Format = format;
            schema.Properties?.Clear();
            schema.Required?.Clear();
            return Task.CompletedTask;
        });
    }

    private static async Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var method = context.Description.HttpMethod ?? "GET";
        var route = "/" + (context.Description.RelativePath ?? "").TrimStart('/');
        var key = AccessRules.Key(method, route);
        var anonymous = AccessRules.Anonymous.Contains(key);
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (anonymous) operation.Security = [];
        // A route value the handler reads from the route itself (one handler serves every command) is still a parameter.
        foreach (var name in System.Text.RegularExpressions.Regex.Matches(route, "{([^}]+)}").Select(m => m.Groups[1].Value))
        {
            operation.Parameters ??= [];
            if (operation.Parameters.Any(p => p.Name == name && p.In == ParameterLocation.Path)) continue;
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Path,
                Required = true,
                Description = name == "caseId" ? "The case's id (as answered when it was opened)." : "The proceeding's id (as answered when it was opened).",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
        operation.OperationId ??= OperationId(method, route);
        operation.Summary ??= AccessRules.For(method, route) is { } rule ? Capitalised(rule.What) : anonymous ? "Whether the database answers" : null;

        var command = metadata.OfType<CommandRoute>().FirstOrDefault();
        var body = command?.Type ?? metadata.OfType<IAcceptsMetadata>().FirstOrDefault()?.RequestType;
        if (command is not null && operation.RequestBody?.Content?.TryGetValue("application/json", out var media) == true)
            media.Example = CommandExamples.For(command.Type);

        var problems = new List<(int Status, string Codes)> { (400, "validation-failed: a malformed path, query, header or body (docs/limits.md)") };
        if (!anonymous)
        {
            problems.Add((401, "unauthenticated: no valid bearer token"));
            problems.Add((403, "forbidden: the actor's role or agency may not do this (docs/access.md)"));
        }
        if (route.Contains('{', StringComparison.Ordinal)) problems.Add((404, "not-found: no such case, proceeding, officer or resource"));
        if (method == "POST")
        {
            problems.Add((409, "concurrency-conflict: If-Match names a stale version; already-exists"));
            if (body is not null)
            {
                problems.Add((413, "payload-too-large: the body is over 1 MiB"));
                problems.Add((415, "unsupported-media-type: the body is not application/json"));
            }
            problems.Add((422, "a rule of the procedure refused the command: its `code` names the rule and `detail` the article (domain.md)"));
        }
        problems.Add((503, "database-unavailable, read-models-rebuilding: try again after Retry-After, with the same Idempotency-Key"));

        var schema = await ProblemReferenceAsync(context, ct);
        var document = context.Document!;
        operation.Responses ??= new OpenApiResponses();
        foreach (var (status, codes) in problems)
        {
            // One response per status in components: the same problem wherever it is answered.
            var name = $"Problem{status}";
            if (document.Components?.Responses?.ContainsKey(name) != true)
            {
                document.AddComponent<IOpenApiResponse>(name, new OpenApiResponse
                {
                    Description = codes,
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
                });
            }
            operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponseReference(name, document);
        }
    }

    /// <summary>The tags of the operations, described.</summary>
    private static readonly Dictionary<string, string> Tags = new()
    {
        ["Register"] = "Agencies, officers, certificates and tokens (domain.md §8.1).",
        ["Cases"] = "Penalty cases: open one, then one operation per command of domain.md §8.2.",
        ["Calendar"] = "The official working-day calendar that deadlines count on.",
        ["Supervision"] = "What supervisors read: case files as they stood, deadlines, queues, figures.",
        ["Audit"] = "Integrity and procedure findings, signed checkpoints and proofs (docs/integrity.md).",
        ["reconsiderations"] = "Administrative reconsideration (行政复议): one operation per command of domain.md §8.3.",
        ["litigations"] = "Defending a suit (行政诉讼): one operation per command.",
        ["petitions"] = "Petitions (信访): one operation per command.",
        ["Integrators"] = "The feed, the live stream, grants and webhook subscriptions (CloudEvents).",
        ["Health"] = "Whether the server and its database answer.",
    };

    /// <summary>
    /// ASP.NET writes an optional object or enum as <c>oneOf: [{enum: [null], nullable: true}, {$ref}]</c>, which OpenAPI 3.0
    /// cannot say (nullable needs a type beside it). The answers write such a field as null, so it is said the 3.0 way:
    /// <c>type: object, nullable: true, oneOf: [{$ref}]</c> (the referenced schema's type, which Redocly requires beside
    /// nullable). NSwag reads that as an optional reference; with allOf it would derive a class per use (Party2 : Party).
    /// Redocly warns that a oneOf of one is illogical; a warning, and the only form both tools take.
    /// </summary>
    private static IOpenApiSchema NullableReference(IOpenApiSchema schema)
    {
        if (schema is not OpenApiSchema { OneOf: { Count: 2 } branches } || branches.Count(IsNullOnly) != 1) return schema;
        var reference = branches.Single(b => !IsNullOnly(b));
        var type = (reference.Type ?? JsonSchemaType.Object) & ~JsonSchemaType.Null;
        return new OpenApiSchema { OneOf = [reference], Type = (type == 0 ? JsonSchemaType.Object : type) | JsonSchemaType.Null };
    }

    private static bool IsNullOnly(IOpenApiSchema schema) =>
        schema is OpenApiSchema { Type: JsonSchemaType.Null } or OpenApiSchema { Enum: [null] };

    private static async Task<IOpenApiSchema> ProblemReferenceAsync(OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var document = context.Document!;
        if (document.Components?.Schemas?.ContainsKey(ProblemSchema) != true)
            document.AddComponent(ProblemSchema, await context.GetOrCreateSchemaAsync(typeof(ApiProblem), null, ct));
        return new OpenApiSchemaReference(ProblemSchema, document);
    }

    /// <summary>
    /// An operation id from the method and the route, for endpoints that name none: the first segment after /api, then the
    /// verb and the other literal segments (<c>Officers_PostCertificatesRenew</c>); a GET of a whole collection is <c>List</c>.
    /// </summary>
    public static string OperationId(string method, string route)
    {
        var segments = route.Split('/', StringSplitOptions.RemoveEmptyEntries).SkipWhile(s => s == "api").ToList();
        if (segments.Count == 0) return "Root_" + Verb(method);
        var literal = segments.Skip(1).Where(s => !s.StartsWith('{')).Select(s => CommandRoutes.Pascal(s.Replace(".json", "", StringComparison.Ordinal)));
        var verb = method == "GET" && segments.Count == 1 ? "List" : Verb(method);
        return $"{CommandRoutes.Pascal(segments[0])}_{verb}{string.Concat(literal)}";
    }

    private static string Verb(string method) => method[..1] + method[1..].ToLowerInvariant();

    private static string Capitalised(string what) => char.ToUpperInvariant(what[0]) + what[1..];
}

/// <summary>The body of every refusal and error: RFC 9457 problem details with CaseLedger's stable <c>code</c>.</summary>
/// <param name="Code">The stable code (validation-failed, unauthenticated, forbidden, not-found, concurrency-conflict, or a rule of domain.md).</param>
public sealed record ApiProblem(string Type, string Title, int Status, string? Detail, string? Instance, string Code, string? TraceId);
