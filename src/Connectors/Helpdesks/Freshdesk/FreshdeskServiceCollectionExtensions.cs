using Microsoft.Extensions.DependencyInjection;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Http;

namespace RecoveryWorker.Connectors.Helpdesks.Freshdesk;

public static class FreshdeskServiceCollectionExtensions
{
    /// <summary>The value of Helpdesk:Provider that selects Freshdesk.</summary>
    public const string ProviderName = "Freshdesk";

    /// <summary>The wire name: the HttpClient and the keyed rate limiter.</summary>
    internal const string WireName = "freshdesk";

    /// <summary>
    /// The Freshdesk helpdesk: options bound from "Helpdesk:Freshdesk" and validated on start, a rate-limited
    /// HttpClient that retries reads only (a create or a note is sent exactly once per call), and an
    /// <see cref="IHelpdesk"/>, transient so the typed HttpClient is never held for the process's lifetime.
    /// </summary>
    public static IServiceCollection AddFreshdeskHelpdesk(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptionsWithValidateOnStart<FreshdeskOptions>().BindConfiguration(FreshdeskOptions.SectionName);
        return services.AddHelpdesk<FreshdeskHelpdesk, FreshdeskOptions, FreshdeskOptionsValidator>(WireName);
    }
}
