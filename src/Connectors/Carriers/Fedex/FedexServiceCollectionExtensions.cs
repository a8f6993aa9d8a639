using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
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
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FedexOptions>, FedexOptionsValidator>());
        services.AddCarrierHttpClient<FedexTracker, FedexOptions>(FedexTracker.WireName);
        // TryAddEnumerable keys on the implementation type, so calling AddFedex twice still yields one tracker.
        services.TryAddEnumerable(ServiceDescriptor.Transient<ICarrierTracker, FedexTracker>(sp => sp.GetRequiredService<FedexTracker>()));
        return services;
    }
}
