using RecoveryWorker.Connectors.Http;

namespace RecoveryWorker.Connectors.Helpdesks.Zendesk;

/// <summary>
/// The Zendesk Support (Ticketing) API, authenticated with an agent's e-mail and an API token. Bound from
/// "Helpdesk:Zendesk". There is no default <see cref="VendorHttpOptions.BaseUrl"/>: it is the account's own host,
/// e.g. https://acme.zendesk.com (no /api/v2). Timeout defaults to 15 s. <see cref="VendorHttpOptions.RequestsPerSecond"/>
/// defaults to 3: the lowest plan, Suite Team, allows 200 requests per minute (3.3 per second) for the whole account.
/// </summary>
public sealed class ZendeskOptions : VendorHttpOptions
{
    public const string SectionName = "Helpdesk:Zendesk";

    public ZendeskOptions()
    {
        Timeout = TimeSpan.FromSeconds(15);
        RequestsPerSecond = 3;
    }

    /// <summary>
    /// The e-mail of the agent the API token belongs to; tickets and notes are written as this agent. Comes from the
    /// environment variable <c>Helpdesk__Zendesk__Email</c> or a mounted configuration file; it is never logged.
    /// </summary>
    public string Email { get; set; } = "";

    /// <summary>
    /// The Zendesk API token (Admin Center, Apps and integrations, Zendesk API). Comes only from the environment
    /// variable <c>Helpdesk__Zendesk__ApiToken</c> or a mounted secret file, never from appsettings; it is never logged.
    /// </summary>
    public string ApiToken { get; set; } = "";
}
