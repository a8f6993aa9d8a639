using RecoveryWorker.Connectors.Http;

namespace RecoveryWorker.Connectors.Stores.Shopify;

/// <summary>
/// A Shopify store as a source of shipments: its fulfilment webhooks come in at <c>POST /webhooks/shopify</c>, and the
/// order each fulfilment belongs to is read from the Admin REST API (a custom app's access token with
/// <c>read_orders</c>). Bound from "Intake:Shopify"; off until <see cref="Enabled"/>. <see cref="VendorHttpOptions.BaseUrl"/>
/// is the store's own host, e.g. <c>https://acme.myshopify.com</c> (the connector adds <c>/admin/api/...</c>).
/// <see cref="VendorHttpOptions.RequestsPerSecond"/> defaults to 2, the REST Admin API's leak rate for a standard plan.
/// </summary>
public sealed class ShopifyOptions : VendorHttpOptions
{
    public const string SectionName = "Intake:Shopify";

    public ShopifyOptions()
    {
        RequestsPerSecond = 2;
        Timeout = TimeSpan.FromSeconds(15);
    }

    /// <summary>Takes Shopify's fulfilment webhooks; without it <c>/webhooks/shopify</c> answers 404.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// The secret Shopify signs every webhook with (the app's client secret, or the key shown under Settings >
    /// Notifications > Webhooks for webhooks made in the admin). Comes from the environment variable
    /// <c>Intake__Shopify__WebhookSecret</c> or a mounted secret file; it is never logged.
    /// </summary>
    public string WebhookSecret { get; set; } = "";

    /// <summary>The Admin API access token of the store's custom app (<c>shpat_...</c>), sent as <c>X-Shopify-Access-Token</c>; a secret.</summary>
    public string AccessToken { get; set; } = "";

    /// <summary>The Admin API version the order is read with (Shopify supports each for at least twelve months).</summary>
    public string ApiVersion { get; set; } = "2025-10";

    /// <summary>Our service code for a shipping line no entry of <see cref="Services"/> names (Shopify's own rates, "Standard").</summary>
    public string DefaultService { get; set; } = "ground";

    /// <summary>
    /// The order's shipping line (its <c>code</c>, else its <c>title</c>, as the store spells it) to our service code,
    /// e.g. <c>Intake__Shopify__Services__Express=next_day_air</c>. Lines not listed get <see cref="DefaultService"/>.
    /// </summary>
    public Dictionary<string, string> Services { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// More <c>tracking_company</c> names to our carriers, beside the ones Shopify spells for UPS, FedEx, USPS and DHL
    /// (e.g. a store's own "UPS Ground" written by a shipping app): <c>Intake__Shopify__Carriers__UPS Ground=ups</c>.
    /// </summary>
    public Dictionary<string, string> Carriers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The IANA zone a promise is worked out in when the destination's zone cannot be told from its country and region.</summary>
    public string DefaultTimeZone { get; set; } = "UTC";
}
