using Microsoft.Extensions.DependencyInjection;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Http;

namespace RecoveryWorker.Connectors.Helpdesks.Zendesk;

public static class ZendeskServiceCollectionExtensions
{
    /// <summary>The value of Helpdesk:Provider that selects Zendesk.</summary>
    public const string ProviderName = ZendeskHelpdesk.ProviderName;

    /// <summary>The wire name: HttpClient, keyed rate limiter, logs.</summary>
    internal const string WireName = "zendesk";

    /// <summary>
    /// The Zendesk helpdesk: options bound from "Helpdesk:Zendesk" and validated on start, a rate-limited HttpClient
    /// that retries reads only (a create or an update is sent once per call), and the <see cref="IHelpdesk"/>.
    /// </summary>
    public static IServiceCollection AddZendeskHelpdesk(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptionsWithValidateOnStart<ZendeskOptions>().BindConfiguration(ZendeskOptions.SectionName);
        return services.AddHelpdesk<ZendeskHelpdesk, ZendeskOptions, ZendeskOptionsValidator>(WireName);
    }
}
