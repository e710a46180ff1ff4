using Ledger.Api.Access;
using Ledger.Domain.Access;
using Ledger.Vision.Diagnostics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Ledger.Api.Diagnostics;

/// <summary>
/// OpenTelemetry: the ledger's and the vision plugin's meters, ASP.NET Core's and the runtime's, on a Prometheus scrape
/// endpoint (<c>GET /metrics</c>, operators and auditors only); with <c>OpenTelemetry:Otlp:Endpoint</c> set, metrics and
/// traces (HTTP, the vision stages, the ledger's commit, Npgsql, MassTransit) also go to an OTLP collector.
/// docs/OPERATIONS.md lists the signals.
/// </summary>
public static class Observability
{
    public const string ServiceName = "ledger-api";

    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        var otlp = builder.Configuration["OpenTelemetry:Otlp:Endpoint"];
        builder.Services.AddHostedService<LagSampler>();
        var telemetry = builder.Services.AddOpenTelemetry().ConfigureResource(r => r.AddService(ServiceName));
        telemetry.WithMetrics(metrics =>
        {
            // Npgsql's own: the pool's connections and waiters, and each round trip to the database with its bytes.
            metrics.AddMeter(Infrastructure.Diagnostics.LedgerMeter.Name, VisionMetrics.MeterName, "Npgsql")
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
            if (!string.IsNullOrWhiteSpace(otlp)) metrics.AddOtlpExporter(o => o.Endpoint = new Uri(otlp));
        });
        // Traces only where they go somewhere: without a collector nothing would read them.
        if (!string.IsNullOrWhiteSpace(otlp))
            telemetry.WithTracing(tracing => tracing
                .AddSource(ApiActivities.SourceName, VisionActivities.SourceName, "Npgsql", "MassTransit")
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter(o => o.Endpoint = new Uri(otlp)));
        return builder;
    }

    /// <summary>The Prometheus scrape endpoint, for operators and auditors (a metric's labels name decline reasons).</summary>
    public static void MapMetricsEndpoint(this IEndpointRouteBuilder app) =>
        app.MapPrometheusScrapingEndpoint("/metrics").RequireRole(Role.Operator, Role.Auditor);
}
