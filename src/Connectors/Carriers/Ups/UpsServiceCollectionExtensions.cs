using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Http;

namespace RecoveryWorker.Connectors.Carriers.Ups;

public static class UpsServiceCollectionExtensions
{
    /// <summary>The wire name: configuration, keyed services (rate limiter, token cache), logs.</summary>
    internal const string WireName = "ups";

    /// <summary>The Track Alert client's HttpClient; its rate limit and OAuth token are the Track API's (<see cref="WireName"/>).</summary>
    internal const string TrackAlertClientName = "ups-track-alert";

    /// <summary>
    /// The UPS Track API connector: options bound from "Carriers:Ups" and validated on start (only when enabled), a
    /// resilient rate-limited HttpClient, a shared OAuth token, and an <see cref="ICarrierTracker"/> for UPS; and the Track
    /// Alert subscriber (an <see cref="IPushSubscriber"/>, idle unless "Carriers:Ups:TrackAlert:Enabled") on the same
    /// token and rate limit.
    /// </summary>
    public static IServiceCollection AddUps(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptionsWithValidateOnStart<UpsOptions>().BindConfiguration(UpsOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UpsOptions>, UpsTrackAlertOptionsValidator>());
        services.AddCarrier<UpsTracker, UpsOptions, UpsOptionsValidator>(WireName);
        // A duplicate subscription is harmless at UPS, so a subscribe that timed out may be repeated by the pipeline.
        services.AddVendorHttpClient<UpsTrackAlert, UpsOptions>(TrackAlertClientName, VendorRetry.AllRequests, sharedWith: WireName);
        services.TryAddEnumerable(ServiceDescriptor.Transient<IPushSubscriber, UpsTrackAlert>(sp => sp.GetRequiredService<UpsTrackAlert>()));
        return services;
    }
}
