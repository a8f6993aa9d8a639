using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Connectors.Helpdesks.Local;

public static class LocalHelpdeskServiceCollectionExtensions
{
    /// <summary>The value of Helpdesk:Provider that selects the built-in helpdesk.</summary>
    public const string ProviderName = LocalHelpdesk.ProviderName;

    /// <summary>The built-in helpdesk; the host must register an <see cref="ILocalTicketStore"/>.</summary>
    public static IServiceCollection AddLocalHelpdesk(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IHelpdesk, LocalHelpdesk>();
        return services;
    }
}
