using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Telemetry;
using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Connectors.Http;

/// <summary>Which requests the HTTP pipeline may repeat by itself after a transient failure.</summary>
public enum VendorRetry
{
    /// <summary>Every request: carrier tracking calls are reads, even the ones sent as POST (FedEx, USPS).</summary>
    AllRequests,

    /// <summary>
    /// GET and HEAD only. A create or a comment that timed out may have happened: repeating it is the caller's
    /// decision (the case's ticket claim), never the pipeline's.
    /// </summary>
    ReadsOnly,
}

public static class VendorHttpServiceCollectionExtensions
{
    /// <summary>
    /// Everything one carrier needs once its options are bound: validation on start (only when enabled), its
    /// resilient, rate-limited HttpClient, and its tracker as an <see cref="ICarrierTracker"/>. Binding stays with
    /// the caller because the configuration binding generator needs the concrete options type. Calling it twice
    /// still yields one tracker (TryAddEnumerable keys on the implementation type).
    /// </summary>
    internal static IServiceCollection AddCarrier<TTracker, TOptions, TValidator>(this IServiceCollection services, string wireName)
        where TTracker : class, ICarrierTracker
        where TOptions : CarrierOptions
        where TValidator : class, IValidateOptions<TOptions>
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        services.AddVendorHttpClient<TTracker, TOptions>(wireName, VendorRetry.AllRequests);
        services.TryAddEnumerable(ServiceDescriptor.Transient<ICarrierTracker, TTracker>(sp => sp.GetRequiredService<TTracker>()));
        return services;
    }

    /// <summary>
    /// Everything one helpdesk needs once its options are bound: validation on start, its rate-limited HttpClient
    /// that never repeats a write (creates and comments are the case's decision), and the helpdesk as the
    /// <see cref="IHelpdesk"/>, transient so the typed HttpClient is never held for the life of the process.
    /// </summary>
    internal static IServiceCollection AddHelpdesk<THelpdesk, TOptions, TValidator>(this IServiceCollection services, string wireName)
        where THelpdesk : class, IHelpdesk
        where TOptions : VendorHttpOptions
        where TValidator : class, IValidateOptions<TOptions>
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        services.AddVendorHttpClient<THelpdesk, TOptions>(wireName, VendorRetry.ReadsOnly);
        services.TryAddTransient<IHelpdesk>(sp => sp.GetRequiredService<THelpdesk>());
        return services;
    }

    /// <summary>
    /// The HttpClient a vendor connector uses: jittered retries of transient failures (5xx, 408, timeouts,
    /// connection errors; never 429, whose Retry-After the rate limiter owns) for the requests
    /// <paramref name="retry"/> allows, a per-attempt timeout, and innermost the vendor's rate limiter, so retries
    /// are counted too. The limiter and an OAuth token cache are keyed singletons under <paramref name="sharedWith"/>
    /// when given (a second client of the same vendor shares its budget and token), else under <paramref name="name"/>.
    /// </summary>
    public static IHttpClientBuilder AddVendorHttpClient<TClient, TOptions>(this IServiceCollection services, string name, VendorRetry retry, string? sharedWith = null)
        where TClient : class
        where TOptions : VendorHttpOptions
    {
        ArgumentNullException.ThrowIfNull(services);
        var key = sharedWith ?? name;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton(key, (sp, _) =>
        {
            var options = sp.GetRequiredService<IOptions<TOptions>>().Value;
            return new VendorRateLimiter(options.RequestsPerSecond, options.DailyQuota, sp.GetRequiredService<TimeProvider>(), rateClock: TimeProvider.System);
        });
        services.TryAddKeyedSingleton(key, (sp, _) => new OAuthTokenCache(sp.GetRequiredService<TimeProvider>()));

        // Polly reports a timeout or a retry as an error; for a vendor call it is an expected event that the connector
        // turns into a result (and the caller logs what it means for the case). Warning keeps error logs for errors.
        // Every attempt the retry did not have to handle (the answer the connector reads) Polly logs at Information,
        // one line per vendor call: Debug. A handled attempt (5xx, timeout, connection error) stays a Warning.
        services.Configure<TelemetryOptions>(o => o.SeverityProvider = args => args.Event switch
        {
            { EventName: "OnTimeout" or "OnRetry" } => ResilienceEventSeverity.Warning,
            { EventName: "ExecutionAttempt", Severity: ResilienceEventSeverity.Information } => ResilienceEventSeverity.Debug,
            _ => args.Event.Severity,
        });

        var builder = services.AddHttpClient<TClient>(name, (sp, http) => http.BaseAddress = sp.GetRequiredService<IOptions<TOptions>>().Value.BaseUrl);

        // The factory's request loggers redact header values in their text but keep them in the structured state,
        // where a JSON log sink prints them: API keys and bearer tokens must never reach a log.
        builder.RemoveAllLoggers();
        builder.AddResilienceHandler(name + "-resilience", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<TOptions>>().Value;

            // Timeouts and backoff are network durations, measured on the real clock whatever clock the worker's
            // business rules run on (tests move a fake one by days; a timeout on it would never fire).
            pipeline.TimeProvider = TimeProvider.System;
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 3,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(300),
                ShouldRetryAfterHeader = false,
                ShouldHandle = args => ValueTask.FromResult(MayRepeat(args.Context.GetRequestMessage(), retry) && args.Outcome switch
                {
                    { Exception: HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException } => true,
                    { Result: { } r } => r.StatusCode is HttpStatusCode.RequestTimeout || (int)r.StatusCode >= 500,
                    _ => false,
                }),
            });
            pipeline.AddTimeout(options.Timeout);
        });
        builder.AddHttpMessageHandler(sp => new VendorRateLimitHandler(
            sp.GetRequiredKeyedService<VendorRateLimiter>(key),
            sp.GetRequiredService<IOptions<TOptions>>().Value.MaxRetryAfterWait,
            sp.GetRequiredService<TimeProvider>()));
        return builder;
    }

    private static bool MayRepeat(HttpRequestMessage? request, VendorRetry retry) =>
        retry == VendorRetry.AllRequests || request?.Method == HttpMethod.Get || request?.Method == HttpMethod.Head;
}
