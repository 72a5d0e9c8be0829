using System.Text.Json.Nodes;
using CaseLedger.Supervision;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CaseLedger.Server.Http;

/// <summary>
/// The query parameters the endpoints read from the query string themselves (so that a malformed one is answered
/// validation-failed as problem+json), described in the OpenAPI document: ASP.NET cannot infer them.
/// </summary>
internal static class QueryParameters
{
    /// <summary>A case as it stood: at an instant or after a version (<c>/state</c>, <c>/events</c>); as it stands by default.</summary>
    public static Task Replay(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        Add(operation, "asOf", "An instant (ISO-8601, e.g. 2025-02-19T08:00:00Z): the case as it stood then.", new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" });
        Add(operation, "version", "A version of the case's stream: the case as it stood after that event.", Whole(1, int.MaxValue, null));
        return Task.CompletedTask;
    }

    /// <summary>The region whose database is audited or checkpointed (docs/operations.md); the deployment's own log by default.</summary>
    public static Task Region(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        Add(operation, "region", "A region of the deployment (CASELEDGER_REGIONS); the deployment's own database by default. An unknown region: 404.", Text());
        return Task.CompletedTask;
    }

    public static Task Board(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        Add(operation, "agency", "The agency whose proceedings are listed (its own cases, and the linked proceedings it decides or defends); "
            + "by default the only one the caller reads, or all for a reader of every agency.", Text());
        Add(operation, "kind", "One kind of proceeding; all by default.", Text(DeadlineBoardFilter.Kinds));
        Add(operation, "status", "The deadlines listed (domain.md §8.5); open by default.", Text(DeadlineBoardFilter.Statuses, DeadlineBoardFilter.Open));
        Add(operation, "within", "For due-soon: how many days ahead.", Whole(0, DeadlineBoardFilter.MaxWithin, DeadlineBoardFilter.DefaultWithin));
        return Paging(operation);
    }

    public static Task Queue(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        foreach (var parameter in operation.Parameters ?? [])
            if (parameter is OpenApiParameter { Name: "queue" } queue) queue.Schema = Text(ReviewQueues.All);
        Add(operation, "agency", "The agency whose proceedings are listed; by default the only one the caller reads, or all for a reader of every agency.", Text());
        return Paging(operation);
    }

    public static Task Trend(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        Add(operation, "months", "How many calendar months (Asia/Shanghai), up to and including today's.",
            Whole(1, AgencyFiguresQuery.MaxMonths, AgencyFiguresQuery.DefaultMonths));
        return Task.CompletedTask;
    }

    public static Task Assessment(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        Add(operation, "from", "The first month of the period (yyyy-MM), with to; or give year.", Text());
        Add(operation, "to", "The last month of the period (yyyy-MM), included.", Text());
        Add(operation, "year", "A calendar year as the period, instead of from and to.", Text());
        Add(operation, "quarter", "With year: one quarter of it (1-4).", Text(["1", "2", "3", "4"]));
        return Task.CompletedTask;
    }

    private static Task Paging(OpenApiOperation operation)
    {
        Add(operation, "offset", "Proceedings skipped: the nextOffset of the previous page.", Whole(0, int.MaxValue, 0));
        Add(operation, "limit", "At most this many proceedings on the page.", Whole(1, CaseLedger.Supervision.Paging.MaxLimit, CaseLedger.Supervision.Paging.DefaultLimit));
        return Task.CompletedTask;
    }

    private static void Add(OpenApiOperation operation, string name, string description, OpenApiSchema schema)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Query, Description = description, Schema = schema });
    }

    private static OpenApiSchema Text(IEnumerable<string>? values = null, string? @default = null) => new()
    {
        Type = JsonSchemaType.String,
        Enum = values?.Select(v => (JsonNode)JsonValue.Create(v)).ToList(),
        Default = @default is null ? null : JsonValue.Create(@default),
    };

    private static OpenApiSchema Whole(int min, int max, int? @default) => new()
    {
        Type = JsonSchemaType.Integer,
        Format = "int32",
        Minimum = min.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Maximum = max.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Default = @default is { } value ? JsonValue.Create(value) : null,
    };
}
