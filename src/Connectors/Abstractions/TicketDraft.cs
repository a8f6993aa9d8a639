namespace RecoveryWorker.Connectors.Abstractions;

/// <summary>A helpdesk ticket ready to open, vendor-neutral. Each helpdesk maps it to its own fields.</summary>
public sealed record TicketDraft
{
    /// <summary>The case key: the ticket's external id and idempotency key, so a retry never opens a second ticket.</summary>
    public required string ExternalId { get; init; }

    public required string RequesterName { get; init; }

    /// <summary>Personal data: sent to the helpdesk, never logged.</summary>
    public required string RequesterEmail { get; init; }

    public required string Subject { get; init; }

    /// <summary>The apology, addressed to the customer.</summary>
    public required string PublicBody { get; init; }

    /// <summary>The facts, remedy, budget and follow-up plan, for the agent only.</summary>
    public required string InternalNote { get; init; }

    /// <summary>True: send the apology to the customer now. False: draft mode, the agent reviews and sends it.</summary>
    public bool SendPublicly { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public TicketPriority Priority { get; init; } = TicketPriority.Normal;
}

/// <summary>Ticket priority, as every helpdesk we support has it.</summary>
public enum TicketPriority
{
    Low,
    Normal,
    High,
    Urgent,
}
