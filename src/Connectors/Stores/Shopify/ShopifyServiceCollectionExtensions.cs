using Microsoft.Extensions.DependencyInjection;
using RecoveryWorker.Connectors.Http;

namespace RecoveryWorker.Connectors.Stores.Shopify;

public static class ShopifyServiceCollectionExtensions
{
    /// <summary>The wire name: the HttpClient and the keyed rate limiter.</summary>
    internal const string WireName = "shopify";

    /// <summary>
    /// The Shopify intake's settings, bound from "Intake:Shopify" and validated on start (only when enabled), and the
    /// Admin API reader on a rate-limited HttpClient (order reads are GETs, retried on transient failures).
    /// </summary>
    public static IServiceCollection AddShopify(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptionsWithValidateOnStart<ShopifyOptions>().BindConfiguration(ShopifyOptions.SectionName);
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<ShopifyOptions>, ShopifyOptionsValidator>();
        services.AddVendorHttpClient<ShopifyAdmin, ShopifyOptions>(WireName, VendorRetry.ReadsOnly);
        return services;
    }
}
