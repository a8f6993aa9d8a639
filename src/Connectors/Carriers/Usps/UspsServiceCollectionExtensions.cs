using Microsoft.Extensions.DependencyInjection;
using RecoveryWorker.Connectors.Http;

namespace RecoveryWorker.Connectors.Carriers.Usps;

public static class UspsServiceCollectionExtensions
{
    /// <summary>
    /// The USPS tracker, configured from "Carriers:Usps" and validated on start when enabled, over the shared carrier
    /// HttpClient (retries, timeout, rate limiter and token cache keyed "usps"). Relies on the host's logging.
    /// </summary>
    public static IServiceCollection AddUsps(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptionsWithValidateOnStart<UspsOptions>().BindConfiguration(UspsOptions.SectionName);
        return services.AddCarrier<UspsTracker, UspsOptions, UspsOptionsValidator>(UspsTracker.WireName);
    }
}
