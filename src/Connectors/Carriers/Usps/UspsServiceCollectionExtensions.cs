using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
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
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UspsOptions>, UspsOptionsValidator>());
        services.AddCarrierHttpClient<UspsTracker, UspsOptions>(UspsTracker.WireName);
        services.TryAddEnumerable(ServiceDescriptor.Transient<ICarrierTracker, UspsTracker>(sp => sp.GetRequiredService<UspsTracker>()));
        return services;
    }
}
