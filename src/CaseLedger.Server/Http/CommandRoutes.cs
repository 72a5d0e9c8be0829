using CaseLedger.Commands;
using CaseLedger.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace CaseLedger.Server.Http;

/// <summary>The command a typed route runs: its kebab-case name of domain.md §8.2/§8.3 and its record (the request schema).</summary>
public sealed record CommandRoute(string Kind, string Name, Type Type);

/// <summary>
/// One typed route per command of a stream kind, from its command table: <c>POST /api/{kind}/{id}/{command}</c> at the
/// URL integrators already use, each with its own operation id, summary, request schema and example in the OpenAPI
/// document, all dispatched through the one command pipeline (<see cref="CommandEndpoint"/>). A command name no route
/// knows is answered 404 not-found by the server's status pages.
/// </summary>
public static class CommandRoutes
{
    /// <summary>Maps every command of <paramref name="commands"/> but <paramref name="open"/> (which opens the stream at <c>POST /api/{kind}</c>).</summary>
    /// <param name="idName">The route parameter naming the stream (<c>caseId</c>, <c>id</c>).</param>
    /// <param name="on">How the summary names the stream, e.g. "on a penalty case".</param>
    public static void MapCommands(RouteGroupBuilder group, string kind, string idName, IReadOnlyDictionary<string, Type> commands, string open, string on)
    {
        foreach (var (name, type) in commands.Where(c => c.Key != open))
        {
            var route = new CommandRoute(kind, name, type);
            // A RequestDelegate, not a route handler: nothing to compile per route at the first request (a fresh serve
            // answers its first command sooner); the stream id is read from the route by its name ({caseId} or {id}).
            RequestDelegate run = async context => await (await RunAsync(context, route, (string)context.Request.RouteValues[idName]!)).ExecuteAsync(context);
            group.MapPost($"{{{idName}}}/{name}", run)
                .WithName(OperationId(kind, name))
                .WithSummary($"{Sentence(name)} {on}")
                .WithDescription($"Runs `{name}` ({type.Name}) through the command pipeline. `Idempotency-Key` returns the first answer again and "
                    + "appends nothing; `If-Match: <version>` with a stale version is refused 409 concurrency-conflict. A refused command appends nothing.")
                .WithMetadata(
                    // What ASP.NET's API explorer describes an endpoint by (route handlers carry it; a RequestDelegate must be given it).
                    run.Method,
                    new AcceptsMetadata(["application/json"], type),
                    new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(CommandAnswer), ["application/json"]),
                    route);
        }
    }

    /// <summary>The operation id of a command route: the kind and the command in PascalCase (<c>Cases_CollectEvidence</c>), so generated clients group by kind.</summary>
    public static string OperationId(string kind, string name) => $"{Pascal(kind)}_{Pascal(name)}";

    public static string Pascal(string kebab) =>
        string.Concat(kebab.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    private static string Sentence(string kebab) => char.ToUpperInvariant(kebab[0]) + kebab[1..].Replace('-', ' ');

    private static async Task<IResult> RunAsync(HttpContext context, CommandRoute route, string id)
    {
        if (!StreamKeys.IsCaseId(id))
            return Problems.Of(RefusalCodes.NotFound, $"'{id}' is not a {Singular(route.Kind)} id.", context.Request.Path);
        var (body, problem) = await CommandEndpoint.ReadAsync(context, route.Type);
        return problem ?? await CommandEndpoint.RunAsync(context, id, body!);
    }

    private static string Singular(string kind) => kind == "cases" ? "case" : kind[..^1];
}
