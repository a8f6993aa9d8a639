using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RecoveryWorker.Connectors.Carriers.Dhl;
using RecoveryWorker.Connectors.Carriers.Fedex;
using RecoveryWorker.Connectors.Carriers.Sandbox;
using RecoveryWorker.Connectors.Carriers.Ups;
using RecoveryWorker.Connectors.Carriers.Usps;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Helpdesks;
using RecoveryWorker.Connectors.Helpdesks.Freshdesk;
using RecoveryWorker.Connectors.Helpdesks.Local;
using RecoveryWorker.Connectors.Helpdesks.Zendesk;

namespace RecoveryWorker.Connectors;

public static class ConnectorsServiceCollectionExtensions
{
    /// <summary>The values of Helpdesk:Provider (any case) and how each registers its <see cref="IHelpdesk"/>.</summary>
    private static readonly Dictionary<string, Func<IServiceCollection, IServiceCollection>> Helpdesks = new(StringComparer.OrdinalIgnoreCase)
    {
        [LocalHelpdeskServiceCollectionExtensions.ProviderName] = LocalHelpdeskServiceCollectionExtensions.AddLocalHelpdesk,
        [ZendeskServiceCollectionExtensions.ProviderName] = ZendeskServiceCollectionExtensions.AddZendeskHelpdesk,
        [FreshdeskServiceCollectionExtensions.ProviderName] = FreshdeskServiceCollectionExtensions.AddFreshdeskHelpdesk,
    };

    /// <summary>
    /// Every carrier tracker and the configured helpdesk, options validated on start. The sandbox carrier only when
    /// "Carriers:Sandbox:Enabled" says so, or, unset, when <paramref name="sandboxByDefault"/> (the Development environment).
    /// </summary>
    public static IServiceCollection AddConnectors(this IServiceCollection services, IConfiguration configuration, bool sandboxByDefault = false)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        if (configuration.GetSection(SandboxOptions.SectionName).GetValue<bool?>(nameof(SandboxOptions.Enabled)) ?? sandboxByDefault)
        {
            services.AddSandboxCarrier();
        }

        services.AddUps();
        services.AddFedex();
        services.AddUsps();
        services.AddDhl();

        var provider = configuration.GetSection(HelpdeskOptions.SectionName).Get<HelpdeskOptions>()?.Provider ?? LocalHelpdeskServiceCollectionExtensions.ProviderName;
        var accepted = string.Join(", ", Helpdesks.Keys);
        services.AddOptionsWithValidateOnStart<HelpdeskOptions>()
            .BindConfiguration(HelpdeskOptions.SectionName)
            .Validate(o => Helpdesks.ContainsKey(o.Provider ?? ""), $"Helpdesk:Provider '{provider}' is not available; use one of {accepted}.");
        (Helpdesks.GetValueOrDefault(provider ?? "") ?? Helpdesks[LocalHelpdeskServiceCollectionExtensions.ProviderName])(services);
        ObserveHelpdesk(services);
        return services;
    }

    /// <summary>Wraps the registered helpdesk so every answer reaches <see cref="HelpdeskHealth"/>, keeping its lifetime.</summary>
    private static void ObserveHelpdesk(IServiceCollection services)
    {
        services.TryAddSingleton<HelpdeskHealth>();
        var inner = services.Last(d => d.ServiceType == typeof(IHelpdesk));
        services.Remove(inner);
        services.Add(ServiceDescriptor.Describe(
            typeof(IHelpdesk),
            sp => new ObservedHelpdesk(
                (IHelpdesk)(inner.ImplementationInstance ?? inner.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, inner.ImplementationType!)),
                sp.GetRequiredService<HelpdeskHealth>()),
            inner.Lifetime));
    }
}
