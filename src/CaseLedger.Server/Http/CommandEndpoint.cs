using System.Globalization;
using System.Text.Json;
using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace CaseLedger.Server.Http;

/// <summary>The answer to a command: the stream's version after it and the events it appended (none when the stream was already where it asked).</summary>
public sealed record CommandAnswer(long Version, IReadOnlyList<RecordedEvent> Events);

/// <summary>
/// The thin HTTP edge of a command: read and validate the body, take Idempotency-Key and If-Match,
/// send <see cref="RunCommand"/> through Wolverine, and answer with the version and the events, or a problem.
/// </summary>
public static class CommandEndpoint
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Reads the body as <paramref name="commandType"/>; route values (e.g. a certificate number) are merged in.</summary>
    public static async Task<(object? Command, IResult? Problem)> ReadAsync(
        HttpContext context, Type commandType, IReadOnlyDictionary<string, string>? routeFields = null)
    {
        var (fields, problem) = await RequestBody.ReadObjectAsync(context);
        if (problem is not null) return (null, problem);
        foreach (var (name, value) in routeFields ?? new Dictionary<string, string>())
        {
            // The route names it; a body naming another is a request for two things at once.
            if (fields!.TryGetPropertyValue(name, out var given) && (given?.GetValueKind() != JsonValueKind.String || given.GetValue<string>() != value))
                return (null, Problems.Of(RefusalCodes.ValidationFailed, $"{name} is given by the path ('{value}'); the body names another.", context.Request.Path));
            fields[name] = value;
        }
        try
        {
            var command = fields!.Deserialize(commandType, CaseLedgerJson.Requests);
            return command is null
                ? (null, Problems.Of(RefusalCodes.ValidationFailed, "The body is empty.", context.Request.Path))
                : (command, null);
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 1 } path ? $" at {path}" : "";
            return (null, Problems.Of(RefusalCodes.ValidationFailed, $"The body does not fit {Describe(commandType)}{where}: {e.Message}", context.Request.Path));
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or NotSupportedException or ArgumentException)
        {
            return (null, Problems.Of(RefusalCodes.ValidationFailed, $"The body does not fit {Describe(commandType)}: {e.Message}", context.Request.Path));
        }
    }

    /// <summary>Runs the command on the stream and answers 200 (or <paramref name="created"/> 201) with the version and events.</summary>
    public static async Task<IResult> RunAsync(HttpContext context, string streamId, object command, Func<CommandResult, object>? created = null)
    {
        var (result, problem) = await SendAsync(context, streamId, command);
        return problem ?? Answer(context, result!, created);
    }

    /// <summary>Sends the command with the request's actor, Idempotency-Key and If-Match; a refusal comes back as a problem.</summary>
    public static async Task<(CommandResult? Result, IResult? Problem)> SendAsync(HttpContext context, string streamId, object command)
    {
        if (ExpectedVersion(context, out var expected) is { } badHeader) return (null, badHeader);
        var key = context.Request.Headers[IdempotencyKeyHeader].ToString();
        var bus = context.RequestServices.GetRequiredService<IMessageBus>();
        var result = await bus.InvokeAsync<CommandResult>(
            new RunCommand(streamId, command, context.Actor(), expected, key.Length > 0 ? key : null, context.TraceIdentifier),
            context.RequestAborted);
        // A refusal may rest on a table a rebuild is filling again (an officer or a file not there yet): then 503, not the refusal.
        return result.Refusal is { } refusal
            ? (null, await Outages.UnlessRebuildingAsync(context, Problems.Of(refusal, context.Request.Path)))
            : (result, null);
    }

    public static IResult Answer(HttpContext context, CommandResult result, Func<CommandResult, object>? created = null)
    {
        if (result.Replayed) context.Response.Headers["Idempotent-Replayed"] = "true";
        context.Response.Headers.ETag = $"\"{result.Version.ToString(CultureInfo.InvariantCulture)}\"";
        var answer = new CommandAnswer(result.Version, result.Events);
        return created is null
            ? Results.Json(answer, CaseLedgerJson.Responses)
            : Results.Json(created(result), CaseLedgerJson.Responses, statusCode: StatusCodes.Status201Created);
    }

    private static IResult? ExpectedVersion(HttpContext context, out long? expected)
    {
        expected = null;
        var header = context.Request.Headers.IfMatch.ToString();
        if (header.Length == 0) return null;
        var text = header.Replace("W/", "", StringComparison.Ordinal).Trim('"', ' ');
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            expected = version;
            return null;
        }
        return Problems.Of(RefusalCodes.ValidationFailed, "If-Match must be the stream version you last read, e.g. If-Match: 3.", context.Request.Path);
    }

    private static string Describe(Type type) => JsonNamingPolicy.KebabCaseLower.ConvertName(type.Name);
}
