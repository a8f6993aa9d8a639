using Microsoft.Extensions.DependencyInjection;
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
        return services.AddCarrier<DhlTracker, DhlOptions, DhlOptionsValidator>(CarrierCode.Dhl.ToWireName());
    }
}
