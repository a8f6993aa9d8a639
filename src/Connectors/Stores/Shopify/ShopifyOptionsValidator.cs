using Microsoft.Extensions.Options;

namespace RecoveryWorker.Connectors.Stores.Shopify;

/// <summary>Checks the Shopify intake when it is enabled: every failure named by its full configuration key, all at once.</summary>
internal sealed class ShopifyOptionsValidator : IValidateOptions<ShopifyOptions>
{
    private const string Section = ShopifyOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, ShopifyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        const string When = "when " + Section + ":Enabled is true";
        if (string.IsNullOrWhiteSpace(options.WebhookSecret))
        {
            failures.Add($"{Section}:WebhookSecret is required {When} (the key Shopify signs webhooks with)");
        }

        if (string.IsNullOrWhiteSpace(options.AccessToken))
        {
            failures.Add($"{Section}:AccessToken is required {When} (the custom app's Admin API token, with read_orders)");
        }

        if (options.BaseUrl is null || !options.BaseUrl.IsAbsoluteUri)
        {
            failures.Add($"{Section}:BaseUrl is required {When}: the store's host, e.g. https://acme.myshopify.com");
        }
        else if (options.BaseUrl.Scheme != Uri.UriSchemeHttps && !(options.BaseUrl.Scheme == Uri.UriSchemeHttp && options.BaseUrl.IsLoopback))
        {
            failures.Add($"{Section}:BaseUrl must use https (http only for localhost); it is {options.BaseUrl.Scheme}");
        }

        if (string.IsNullOrWhiteSpace(options.ApiVersion) || options.ApiVersion.Length != 7 || options.ApiVersion[4] != '-')
        {
            failures.Add($"{Section}:ApiVersion must be a Shopify API version such as 2025-10 (got '{options.ApiVersion}')");
        }

        if (string.IsNullOrWhiteSpace(options.DefaultService))
        {
            failures.Add($"{Section}:DefaultService is required {When}: the service of a shipping line no Services entry names");
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.DefaultTimeZone ?? "", out _))
        {
            failures.Add($"{Section}:DefaultTimeZone '{options.DefaultTimeZone}' is not an IANA time zone such as America/New_York");
        }

        options.ValidateLimits(Section, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
