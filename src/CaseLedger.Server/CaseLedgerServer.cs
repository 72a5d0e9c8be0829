using CaseLedger.Access;
using CaseLedger.Domain;
using CaseLedger.Hosting;
using CaseLedger.Json;
using CaseLedger.Server.Audit;
using CaseLedger.Server.CaseFileReviews;
using CaseLedger.Server.Cases;
using CaseLedger.Server.Assessments;
using CaseLedger.Server.Disputes;
using CaseLedger.Server.Http;
using CaseLedger.Server.Pages;
using CaseLedger.Server.Register;
using CaseLedger.Server.Supervision;
using CaseLedger.Server.Remedies;
using CaseLedger.Server.Subscriptions;
using CaseLedger.Telemetry;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CaseLedger.Server;

/// <summary>The HTTP host: the API of design.md on the engine, hosted by the CLI and by the tests.</summary>
public static class CaseLedgerServer
{
    /// <param name="singleSignOn">JWT bearer tokens of an agency's identity provider; null reads CASELEDGER_OIDC_* (none when unset).</param>
    public static WebApplication Build(CaseLedgerSettings settings, string urls, Action<ILoggingBuilder>? logging = null, SingleSignOn? singleSignOn = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(CaseLedgerServer).Assembly.GetName().Name,
            // Not the current folder: the command may be run from anywhere, by anyone.
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = settings.MaxRequestBodyBytes);
        if (logging is not null) logging(builder.Logging);
        builder.AddCaseLedger(settings);
        // HTTP as the root of each trace and its request metrics, on the telemetry the engine set up (none unless exported).
        if (CaseLedgerTelemetry.Enabled(settings))
            builder.Services
                .ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddAspNetCoreInstrumentation())
                .ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddAspNetCoreInstrumentation());
        builder.Services.AddProblemDetails();
        // A query or route value that does not bind (after=abc) is a bad request like any other: thrown, so that it is
        // answered as problem+json with a stable code below, not as an empty 400.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi(ApiDocument.Configure);
        builder.Services.AddConsole();
        SessionKeys.Register(builder.Services);
        if ((singleSignOn ?? SingleSignOn.FromEnvironment()) is { } sso)
        {
            sso.Register(builder.Services, settings.Clock);
            if (ConsoleSingleSignOn.Offered(sso)) ConsoleSingleSignOn.Register(builder.Services, sso, settings.Clock);
            builder.Services.AddSingleton(sso);
        }
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            CaseLedgerJson.Configure(o.SerializerOptions);
            // Numbers are numbers, as CaseLedgerJson.Requests reads them (the OpenAPI document describes these options).
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });

        var app = builder.Build();
        app.UseExceptionHandler(error => error.Run(async context =>
            await (context.Features.Get<IExceptionHandlerFeature>()?.Error is { } e && Outages.IsOutage(e) ? Outages.Problem(context) : Results.Problem(statusCode: 500, title: "CaseLedger failed to answer.", detail: "The error was logged; nothing was appended.",
                extensions: new Dictionary<string, object?> { ["code"] = "internal-error" })).ExecuteAsync(context)));
        // What ASP.NET answers with an empty body (no such endpoint, a method or a content type it does not take) is
        // problem+json with a stable code too, like every other error.
        app.UseStatusCodePages(async pages =>
        {
            var context = pages.HttpContext;
            var request = $"{context.Request.Method} {context.Request.Path}";
            var result = context.Response.StatusCode switch
            {
                StatusCodes.Status404NotFound => Problems.Of(RefusalCodes.NotFound, $"No endpoint answers {request}; the API is described at /openapi/v1.json.", context.Request.Path),
                StatusCodes.Status405MethodNotAllowed => Problems.Protocol(StatusCodes.Status405MethodNotAllowed, "method-not-allowed",
                    $"{context.Request.Path} does not take {context.Request.Method}; the API is described at /openapi/v1.json.", context.Request.Path),
                StatusCodes.Status415UnsupportedMediaType => Problems.Protocol(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type",
                    "Send the body as application/json.", context.Request.Path),
                _ => null,
            };
            if (result is not null) await result.ExecuteAsync(context);
        });
        // The caller's mistake, not CaseLedger's: answered here, so it is neither logged as an error nor a 500.
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (BadHttpRequestException bad) when (!context.Response.HasStarted && bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                await Problems.Protocol(StatusCodes.Status413PayloadTooLarge, "payload-too-large",
                    $"The body is larger than {settings.MaxRequestBodyBytes} bytes (docs/limits.md); files and media are referenced by their SHA-256, not sent.",
                    context.Request.Path).ExecuteAsync(context);
            }
            catch (BadHttpRequestException bad) when (!context.Response.HasStarted)
            {
                await Problems.Of(RefusalCodes.ValidationFailed, bad.Message, context.Request.Path).ExecuteAsync(context);
            }
        });
        app.Use(async (context, next) =>
        {
            if (RequestBody.ForbiddenInAddress(context.Request) is { } bad)
            {
                await Problems.Of(RefusalCodes.ValidationFailed, bad, context.Request.Path.Value?.Length > 200 ? null : context.Request.Path)
                    .ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        app.UseBearerTokens();
        app.UseAccessRules();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapGet("/health", Health).WithTags("Health").WithName("Health_Get").Produces<HealthShown>()
            .Produces<HealthShown>(StatusCodes.Status503ServiceUnavailable);
        app.MapRegister();
        app.MapPublishedLists();
        app.MapTokens();
        app.MapCases();
        app.MapAudit();
        app.MapSupervision();
        app.MapRemedies();
        app.MapCaseFileReviews();
        app.MapDisputes();
        app.MapAssessments();
        app.MapFeed();
        app.MapIntegrators();
        app.MapSubscriptions();
        app.UseConsole();
        // A read string Npgsql cannot use is refused at start, not at the first read.
        app.Services.GetRequiredService<ReadSide>();
        return app;
    }

    /// <summary>Bootstraps the first administrator; returns a newly generated token to print once, or null.</summary>
    public static Task<string?> BootstrapAdministratorAsync(WebApplication app, CaseLedgerSettings settings) =>
        ApiTokens.BootstrapAsync(app.Services.GetRequiredService<IDocumentStore>(), settings.AdminToken, settings.Clock.GetCurrentInstant(), CancellationToken.None);

    /// <summary>200 only while the database answers.</summary>
    private static async Task<IResult> Health(NpgsqlDataSource dataSource, CaseLedger.Audit.CheckpointService checkpoints, ReadSide reads, CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await using var command = dataSource.CreateCommand("select 1");
            await command.ExecuteScalarAsync(timeout.Token);
            // Signing is reported, not judged: a node that may not sign still serves (docs/integrity.md §2).
            var signing = checkpoints.Signing;
            // The replica is reported, not judged either: while it lags or is away, case reads go to the primary.
            var lag = reads.HasReplica ? await reads.LagAsync(timeout.Token) : null;
            return Results.Json(new HealthShown("healthy", "up",
                new SigningShown(signing?.State ?? "unknown", checkpoints.Key.KeyId, signing?.DeploymentKeyId, signing?.Message),
                reads.HasReplica ? new ReplicaShown(lag is null ? "unreachable" : lag.IsStandby ? "standby" : "primary", lag?.Bytes, lag?.Seconds) : null,
                null));
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return Results.Json(new HealthShown("unhealthy", "down", null, null, e.Message), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}

/// <summary>Whether the server and its database answer (<c>GET /health</c>): 200 healthy, 503 unhealthy with the reason.</summary>
/// <param name="Signing">Whether this node signs checkpoints (reported, not judged: docs/integrity.md §2).</param>
/// <param name="ReadReplica">The read replica's state and lag, when one is configured.</param>
public sealed record HealthShown(string Status, string Database, SigningShown? Signing, ReplicaShown? ReadReplica, string? Detail);

public sealed record SigningShown(string State, string KeyId, string? DeploymentKeyId, string? Detail);

public sealed record ReplicaShown(string State, long? LagBytes, double? LagSeconds);
