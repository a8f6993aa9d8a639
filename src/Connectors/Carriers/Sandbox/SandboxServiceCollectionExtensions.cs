using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Connectors.Carriers.Sandbox;

public static class SandboxServiceCollectionExtensions
{
    /// <summary>
    /// The sandbox carrier: tracking read from the JSON file named by "Carriers:Sandbox:TrackingFile", options
    /// validated on start. Relies on the host's logging.
    /// </summary>
    public static IServiceCollection AddSandboxCarrier(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptionsWithValidateOnStart<SandboxOptions, SandboxOptionsValidator>().BindConfiguration(SandboxOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SandboxTrackingFile>();
        services.TryAddSingleton<SandboxTracker>();
        // TryAddEnumerable keys on the implementation type, so calling AddSandboxCarrier twice still yields one tracker.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICarrierTracker, SandboxTracker>(sp => sp.GetRequiredService<SandboxTracker>()));
        return services;
    }
}
