using Microsoft.Extensions.DependencyInjection;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Http;

namespace RecoveryWorker.Connectors.Carriers.Ups;

public static class UpsServiceCollectionExtensions
{
    /// <summary>The wire name: configuration, keyed services (rate limiter, token cache), logs.</summary>
    internal const string WireName = "ups";

    /// <summary>
    /// The UPS Track API connector: options bound from "Carriers:Ups" and validated on start (only when enabled), a
    /// resilient rate-limited HttpClient, a shared OAuth token, and an <see cref="ICarrierTracker"/> for UPS.
    /// </summary>
    public static IServiceCollection AddUps(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptionsWithValidateOnStart<UpsOptions>().BindConfiguration(UpsOptions.SectionName);
        return services.AddCarrier<UpsTracker, UpsOptions, UpsOptionsValidator>(WireName);
    }
}
