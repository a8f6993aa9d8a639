using Microsoft.Extensions.DependencyInjection;
using RecoveryWorker.Connectors.Http;

namespace RecoveryWorker.Connectors.Carriers.Fedex;

public static class FedexServiceCollectionExtensions
{
    /// <summary>
    /// The FedEx tracker, bound from "Carriers:Fedex" and validated on start (credentials only when enabled), with the
    /// carrier HttpClient (retries, timeout, rate limiter) and the OAuth token cache shared under the wire name "fedex".
    /// </summary>
    public static IServiceCollection AddFedex(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptionsWithValidateOnStart<FedexOptions>().BindConfiguration(FedexOptions.SectionName);
        return services.AddCarrier<FedexTracker, FedexOptions, FedexOptionsValidator>(FedexTracker.WireName);
    }
}
