using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CaseLedger.Server.Http;

/// <summary>
/// While the database cannot be reached, every request answers 503 <c>database-unavailable</c> with Retry-After, not 500:
/// the request did nothing that lasted, and the same request (a command with the same Idempotency-Key) may be sent again.
/// </summary>
public static class Outages
{
    public const string Code = "database-unavailable";
    public const int RetryAfterSeconds = 5;

    /// <summary>True when <paramref name="error"/> (or what it wraps) says the database could not be reached or went away.</summary>
    public static bool IsOutage(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AggregateException aggregate when aggregate.InnerExceptions.Any(IsOutage):
                case SocketException:
                case PostgresException { SqlState: var state } when IsConnectionState(state):
                case NpgsqlException { InnerException: SocketException or IOException or TimeoutException or EndOfStreamException }:
                case NpgsqlException { IsTransient: true } and not PostgresException:
                    return true;
                case NpgsqlException when e.Message.Contains("pool", StringComparison.OrdinalIgnoreCase)
                                          || e.Message.Contains("connection", StringComparison.OrdinalIgnoreCase):
                    return true;
            }
        }
        return false;
    }

    /// <summary>Class 08 (connection exception), 57P01–57P03 (shutting down, crashed, not yet accepting), 53300 (too many connections).</summary>
    private static bool IsConnectionState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal) || state is "57P01" or "57P02" or "57P03" or "53300";

    public static IResult Problem(HttpContext context)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "The database cannot be reached.",
            detail: $"Nothing was recorded that did not finish. Try again in {RetryAfterSeconds} s; " +
                    "a command whose answer never came may be sent again with the same Idempotency-Key, and is recorded once.",
            instance: context.Request.Path,
            type: $"https://caseledger.dev/problems/{Code}",
            extensions: new Dictionary<string, object?> { ["code"] = Code });
    }

    /// <summary>
    /// 503 <see cref="Hosting.RebuildGate.Code"/>: the read models are being rebuilt, so what the request found missing or
    /// refused on may be a half-built table; nothing was appended, and the same request may be sent again.
    /// </summary>
    public static IResult Rebuilding(HttpContext context)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "The read models are being rebuilt.",
            detail: $"Nothing was recorded. Try again in {RetryAfterSeconds} s, with the same Idempotency-Key for a command.",
            instance: context.Request.Path,
            type: $"https://caseledger.dev/problems/{Hosting.RebuildGate.Code}",
            extensions: new Dictionary<string, object?> { ["code"] = Hosting.RebuildGate.Code });
    }

    /// <summary>
    /// For a list over many cases (the board, the queues, the figures): while a rebuild empties and refills the tables it
    /// reads, it would show a half-filled list as if it were the whole, so it answers <see cref="Rebuilding"/> instead.
    /// One trivial statement per request, asked before the read.
    /// </summary>
    public static RouteHandlerBuilder ListsManyCases(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter(async (invocation, next) =>
            await invocation.HttpContext.RequestServices.GetRequiredService<Hosting.RebuildGate>().RunningAsync(invocation.HttpContext.RequestAborted)
                ? Rebuilding(invocation.HttpContext)
                : await next(invocation));

    /// <summary><paramref name="answer"/>, or <see cref="Rebuilding"/> when a rebuild runs: asked only for an answer that doubts what it read.</summary>
    public static async Task<IResult> UnlessRebuildingAsync(HttpContext context, IResult answer) =>
        await context.RequestServices.GetRequiredService<Hosting.RebuildGate>().RunningAsync(context.RequestAborted) ? Rebuilding(context) : answer;
}
