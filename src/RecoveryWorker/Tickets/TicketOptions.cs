using System.ComponentModel.DataAnnotations;

namespace RecoveryWorker.Tickets;

/// <summary>How apology tickets are written. Bound from "Tickets".</summary>
public sealed class TicketOptions
{
    public const string SectionName = "Tickets";

    /// <summary>Send: the apology goes to the customer at once. Draft: it is left for the agent to review and send.</summary>
    public TicketMode Mode { get; set; } = TicketMode.Send;

    /// <summary>Folder of Liquid templates, one sub-folder per locale; relative paths are read from the app's folder.</summary>
    [Required]
    public string TemplatePath { get; set; } = "config/templates";

    /// <summary>The locale used when a customer's locale has no templates. Must have every template.</summary>
    [Required]
    public string FallbackLocale { get; set; } = "en";

    /// <summary>
    /// How long a ticket create may be in flight before another attempt treats it as lost (worker killed mid-call)
    /// and looks the ticket up. Longer than the helpdesk's timeout plus any rate-limit wait.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan InFlightLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// When the parcel arrives and the case resolves, set the ticket solved (Zendesk) / resolved (Freshdesk) after the
    /// "it has arrived" reply, unless the customer wrote after our last message (then an agent answers first).
    /// </summary>
    public bool SolveOnArrival { get; set; } = true;

    /// <summary>
    /// Draft mode: the tag an agent puts on the ticket once they sent the apology. The follow-ups look for it, and the
    /// remedy the apology names becomes offered in the compensation ledger only then.
    /// </summary>
    [Required]
    public string ApologySentTag { get; set; } = "apology-sent";
}

public enum TicketMode
{
    Send,
    Draft,
}
