namespace RecoveryWorker.Connectors;

/// <summary>Which helpdesk tickets go to. Bound from "Helpdesk".</summary>
public sealed class HelpdeskOptions
{
    public const string SectionName = "Helpdesk";

    /// <summary>Local (built in, tickets listed at /api/tickets); Zendesk and Freshdesk come with their connectors.</summary>
    public string Provider { get; set; } = "Local";
}
