namespace RecoveryWorker.Connectors;

/// <summary>Which helpdesk tickets go to. Bound from "Helpdesk".</summary>
public sealed class HelpdeskOptions
{
    public const string SectionName = "Helpdesk";

    /// <summary>Local (built in, tickets listed at /api/tickets), Zendesk or Freshdesk; each reads its own section, Helpdesk:Zendesk or Helpdesk:Freshdesk.</summary>
    public string Provider { get; set; } = "Local";
}
