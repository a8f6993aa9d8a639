using Microsoft.Extensions.Options;

namespace RecoveryWorker.Connectors.Helpdesks.Zendesk;

/// <summary>Checks the Zendesk connection, each failure named by its full key, all reported at once. Values are never echoed.</summary>
internal sealed class ZendeskOptionsValidator : IValidateOptions<ZendeskOptions>
{
    private const string Section = ZendeskOptions.SectionName;
    private const string WhenSelected = "when Helpdesk:Provider is " + ZendeskHelpdesk.ProviderName;

    public ValidateOptionsResult Validate(string? name, ZendeskOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.BaseUrl is null)
        {
            failures.Add($"{Section}:BaseUrl is required {WhenSelected} (the account's host, e.g. https://acme.zendesk.com)");
        }
        else if (!options.BaseUrl.IsAbsoluteUri
            || !(options.BaseUrl.Scheme == Uri.UriSchemeHttps || (options.BaseUrl.Scheme == Uri.UriSchemeHttp && options.BaseUrl.IsLoopback)))
        {
            failures.Add($"{Section}:BaseUrl must be an absolute https URL such as https://acme.zendesk.com (http only for localhost)");
        }
        else if (options.BaseUrl.AbsolutePath != "/")
        {
            // The connector appends /api/v2/...: a BaseUrl ending in /api/v2 would call /api/v2/api/v2/tickets.
            failures.Add($"{Section}:BaseUrl must be the account's host without a path, e.g. https://acme.zendesk.com");
        }

        if (string.IsNullOrWhiteSpace(options.Email))
        {
            failures.Add($"{Section}:Email is required {WhenSelected}");
        }
        else if (!options.Email.Contains('@', StringComparison.Ordinal))
        {
            failures.Add($"{Section}:Email must be the e-mail address of the agent who owns the API token");
        }

        if (string.IsNullOrWhiteSpace(options.ApiToken))
        {
            failures.Add($"{Section}:ApiToken is required {WhenSelected}");
        }

        options.ValidateLimits(Section, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
