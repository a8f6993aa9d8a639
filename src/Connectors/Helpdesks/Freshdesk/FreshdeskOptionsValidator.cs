using Microsoft.Extensions.Options;

namespace RecoveryWorker.Connectors.Helpdesks.Freshdesk;

/// <summary>
/// Checks the Freshdesk connector when Helpdesk:Provider is Freshdesk (it is only registered then): every failure
/// named by its full configuration key, all reported at once.
/// </summary>
internal sealed class FreshdeskOptionsValidator : IValidateOptions<FreshdeskOptions>
{
    private const string Section = FreshdeskOptions.SectionName;
    private static readonly int[] DocumentedSources = [1, 2, 3, 7, 9, 10];

    public ValidateOptionsResult Validate(string? name, FreshdeskOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var when = $"when Helpdesk:Provider is {FreshdeskServiceCollectionExtensions.ProviderName}";
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add($"{Section}:ApiKey is required {when}");
        }

        if (options.BaseUrl is null)
        {
            failures.Add($"{Section}:BaseUrl is required {when} (the account's host, e.g. https://acme.freshdesk.com)");
        }
        else if (!options.BaseUrl.IsAbsoluteUri)
        {
            failures.Add($"{Section}:BaseUrl must be an absolute URL (e.g. https://acme.freshdesk.com)");
        }
        else
        {
            if (options.BaseUrl.Scheme != Uri.UriSchemeHttps && !(options.BaseUrl.Scheme == Uri.UriSchemeHttp && IsLocal(options.BaseUrl)))
            {
                failures.Add($"{Section}:BaseUrl must use https (http only for localhost or 127.0.0.1); it is {options.BaseUrl.Scheme}");
            }

            if (options.BaseUrl.AbsolutePath.Contains("/api/", StringComparison.OrdinalIgnoreCase) || options.BaseUrl.AbsolutePath.EndsWith("/api", StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"{Section}:BaseUrl must be the account's host without /api/v2 (the connector adds it)");
            }
        }

        options.ValidateLimits(Section, failures);

        if (options.LookupDelay < TimeSpan.Zero)
        {
            failures.Add($"{Section}:LookupDelay must not be negative (got {options.LookupDelay})");
        }

        if (!DocumentedSources.Contains(options.TicketSource))
        {
            failures.Add($"{Section}:TicketSource must be one of Freshdesk's sources 1, 2, 3, 7, 9, 10 (got {options.TicketSource})");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsLocal(Uri url) => url.IsLoopback || url.Host is "localhost" or "127.0.0.1";
}
