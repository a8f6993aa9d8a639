using RecoveryWorker.Connectors.Http;

namespace RecoveryWorker.Connectors.Helpdesks.Freshdesk;

/// <summary>
/// The Freshdesk API v2 (HTTP Basic with an agent's API key). Bound from "Helpdesk:Freshdesk". There is no default
/// <see cref="VendorHttpOptions.BaseUrl"/>: it is the account's own host, e.g. <c>https://acme.freshdesk.com</c>
/// (the connector adds <c>/api/v2/...</c>). <see cref="VendorHttpOptions.RequestsPerSecond"/> defaults to 1: the
/// lowest paid plan (Growth) allows 200 calls a minute account-wide but only 80 ticket creates a minute, and that
/// create budget is the tightest one, so 60 calls a minute stays under it even if every call were a create and leaves
/// the rest of the account's budget to other apps (trial accounts have 50 a minute: set 0.8 there).
/// </summary>
public sealed class FreshdeskOptions : VendorHttpOptions
{
    public const string SectionName = "Helpdesk:Freshdesk";

    /// <summary>Freshdesk ticket source "Outbound Email" (10); see <see cref="TicketSource"/>.</summary>
    public const int OutboundEmailSource = 10;

    public FreshdeskOptions()
    {
        RequestsPerSecond = 1;
        Timeout = TimeSpan.FromSeconds(15);
    }

    /// <summary>
    /// The API key of the agent the tickets are created as (Profile settings in Freshdesk). Comes from the environment
    /// variable <c>Helpdesk__Freshdesk__ApiKey</c> or a mounted secret file, never from appsettings; it is never logged.
    /// </summary>
    public string ApiKey { get; set; } = "";

    /// <summary>
    /// How long after a create the search can be trusted to see the ticket: Freshdesk's Filter Tickets API says updates
    /// "take a few minutes to get indexed". After an ambiguous create the worker waits this long before it looks.
    /// </summary>
    public TimeSpan LookupDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The <c>source</c> of the tickets we open, from Freshdesk's documented list (1 Email, 2 Portal, 3 Phone, 7 Chat,
    /// 9 Feedback Widget, 10 Outbound Email). Default 10, Outbound Email: the channel Freshdesk itself uses for a
    /// conversation an agent starts with a customer, which is what an apology for a broken promise is; 2 (Portal, the
    /// API's default) would report the ticket as one the customer submitted. Set 3 (Phone, what the agent UI's "New
    /// ticket" form uses) if the account's workflows treat outbound tickets specially.
    /// </summary>
    public int TicketSource { get; set; } = OutboundEmailSource;
}
