using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using RecoveryWorker.Access;

namespace RecoveryWorker.Observability;

internal static class ObservabilityServiceCollectionExtensions
{
    /// <summary>The OpenTelemetry variable that turns on export over OTLP (traces and metrics); unset, nothing is sent.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Metrics (the worker's meter, ASP.NET Core, HttpClient, the runtime) for <c>/metrics</c> and, when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, OTLP; traces of job runs, requests and vendor calls, exported over OTLP
    /// when it is set. Spans are recorded either way, so every log line written inside a job or request carries its
    /// trace and span ids.
    /// </summary>
    public static IHostApplicationBuilder AddObservability(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptionsWithValidateOnStart<MetricsOptions, MetricsOptionsValidator>().BindConfiguration(MetricsOptions.SectionName);
        builder.Services.AddSingleton<StoreReadings>();
        builder.Services.AddSingleton<RecoveryMetrics>();

        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("recoveryworker", serviceVersion: typeof(RecoveryMetrics).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(RecoveryMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(RecoveryTelemetry.SourceName)
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal)
                        && !context.Request.Path.StartsWithSegments("/metrics", StringComparison.Ordinal))
                    .AddHttpClientInstrumentation();
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            });
        return builder;
    }

    /// <summary>
    /// <c>/metrics</c> in Prometheus text format: for API keys with <c>metrics:read</c>, or for anyone when
    /// <c>Metrics:AllowAnonymous</c> is true. Also creates the meter's instruments, so the first scrape shows them all.
    /// </summary>
    public static WebApplication MapMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        _ = app.Services.GetRequiredService<RecoveryMetrics>();
        var endpoint = app.MapPrometheusScrapingEndpoint("/metrics");
        if (app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value.AllowAnonymous)
        {
            endpoint.AllowAnonymous();
        }
        else
        {
            endpoint.RequireAuthorization(AccessPolicies.Scope(Scopes.MetricsRead));
        }

        return app;
    }
}
