using CaseLedger.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CaseLedger.Telemetry;

/// <summary>
/// OpenTelemetry on the activity sources and meters the libraries already have (Wolverine, Marten, Npgsql; ASP.NET Core is
/// added by the server) and CaseLedger's own (<see cref="CommandMetrics"/>, <see cref="OperationalGauges"/>). Exported by OTLP
/// when the standard OTEL_EXPORTER_OTLP_* variables name an endpoint; when nothing listens, nothing is collected, so that a
/// store without telemetry pays for no span.
/// </summary>
public static class CaseLedgerTelemetry
{
    public const string ServiceName = "caseledger";

    /// <summary>The variables that name where OTLP goes (the OpenTelemetry specification's own).</summary>
    private static readonly string[] OtlpEndpoints =
        ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"];

    public static bool OtlpConfigured => OtlpEndpoints.Any(v => Environment.GetEnvironmentVariable(v) is { Length: > 0 });

    /// <summary>Whether this process exports telemetry at all: OTLP configured, or an exporter given in the settings.</summary>
    public static bool Enabled(CaseLedgerSettings settings) => OtlpConfigured || settings.Telemetry is not null;

    public static IServiceCollection AddCaseLedgerTelemetry(this IServiceCollection services, CaseLedgerSettings settings)
    {
        if (!Enabled(settings)) return services;
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithTracing(tracing => tracing
                .AddSource("Wolverine", "Marten")
                .AddNpgsql())
            .WithMetrics(metrics => metrics
                .AddMeter(CommandMetrics.MeterName, "Marten", "Npgsql")
                .AddMeter("Wolverine*"));
        if (OtlpConfigured) telemetry.UseOtlpExporter();
        if (settings.Telemetry is { } export)
        {
            services.ConfigureOpenTelemetryTracerProvider(export.Tracing);
            services.ConfigureOpenTelemetryMeterProvider(export.Metrics);
        }
        services.AddHostedService<OperationalGauges>();
        return services;
    }
}

/// <summary>Where a host's telemetry goes besides OTLP (the tests: in memory).</summary>
public sealed record TelemetryExport(Action<TracerProviderBuilder> Tracing, Action<MeterProviderBuilder> Metrics);
