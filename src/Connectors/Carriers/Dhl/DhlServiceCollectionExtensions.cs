using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Http;

namespace RecoveryWorker.Connectors.Carriers.Dhl;

public static class DhlServiceCollectionExtensions
{
    /// <summary>
    /// The DHL tracker (Shipment Tracking - Unified), bound from "Carriers:Dhl" and validated on start when enabled.
    /// Its HttpClient, rate limiter and retries are the shared carrier plumbing under the wire name "dhl".
    /// </summary>
    public static IServiceCollection AddDhl(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptionsWithValidateOnStart<DhlOptions>().BindConfiguration(DhlOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DhlOptions>, DhlOptionsValidator>());
        // The factory's default HttpClient logs redact header values in the message but keep them in the structured
        // state (Trace level), which structured sinks print: that would be the API key. DhlTracker logs its own calls.
        services.AddCarrierHttpClient<DhlTracker, DhlOptions>(CarrierCode.Dhl.ToWireName()).RemoveAllLoggers();
        services.TryAddEnumerable(ServiceDescriptor.Transient<ICarrierTracker, DhlTracker>(sp => sp.GetRequiredService<DhlTracker>()));
        return services;
    }
}
