namespace RecoveryWorker.Connectors.Abstractions;

/// <summary>A helpdesk we open and work apology tickets in.</summary>
public interface IHelpdesk
{
    /// <summary>The provider name as configured ("Local", "Zendesk", "Freshdesk").</summary>
    string Name { get; }

    /// <summary>
    /// How long after a create <see cref="FindTicketAsync"/> can be trusted to see it: zero where the lookup is a
    /// consistent list (Zendesk's external_id filter, the local store), the search index lag where it is a search
    /// (Freshdesk). After an ambiguous create the worker waits this long before it looks, and only then creates.
    /// </summary>
    TimeSpan LookupDelay { get; }

    /// <summary>
    /// Opens a ticket. Idempotent on <see cref="TicketDraft.ExternalId"/>: asking twice for the same external id
    /// returns the first ticket, where the vendor allows it (Zendesk Idempotency-Key, the local store's unique index).
    /// </summary>
    Task<ConnectorResult<TicketRef>> OpenTicketAsync(TicketDraft draft, CancellationToken cancellationToken);

    /// <summary>Looks a ticket up by the external id we gave it; a null value means none exists.</summary>
    Task<ConnectorResult<TicketRef?>> FindTicketAsync(string externalId, CancellationToken cancellationToken);

    /// <summary>Adds a public reply or an internal note. Idempotent on <see cref="TicketComment.IdempotencyKey"/> where the vendor allows it.</summary>
    Task<ConnectorResult<TicketRef>> AddCommentAsync(TicketRef ticket, TicketComment comment, CancellationToken cancellationToken);

    Task<ConnectorResult<HelpdeskTicketStatus>> GetStatusAsync(TicketRef ticket, CancellationToken cancellationToken);

    /// <summary>The ticket's tags as they are now (an agent's tag is how Draft mode learns the apology was sent).</summary>
    Task<ConnectorResult<IReadOnlyList<string>>> GetTagsAsync(TicketRef ticket, CancellationToken cancellationToken);

    /// <summary>
    /// Adds the internal note and sets a solved ticket back to open, so a promise that is still broken is not
    /// dropped because an agent marked the ticket solved. A closed ticket that the helpdesk will not reopen answers Rejected.
    /// </summary>
    Task<ConnectorResult<TicketRef>> ReopenAsync(TicketRef ticket, TicketComment note, CancellationToken cancellationToken);

    /// <summary>Raises priority, tags the ticket, hands it to the supervisor group and says why in an internal note.</summary>
    Task<ConnectorResult<TicketRef>> EscalateAsync(TicketRef ticket, TicketEscalation escalation, CancellationToken cancellationToken);

    /// <summary>
    /// Closes the story once the parcel arrived and the customer was told: the ticket is set solved, unless the
    /// customer wrote after our last public message before the arrival reply (then an agent should answer what they
    /// wrote, and the ticket stays open).
    /// </summary>
    Task<ConnectorResult<SolveOutcome>> SolveAsync(TicketRef ticket, CancellationToken cancellationToken);

    /// <summary>A group (team) by its id or its name, case-insensitive; null when the helpdesk has none such.</summary>
    Task<ConnectorResult<HelpdeskGroup?>> FindGroupAsync(string idOrName, CancellationToken cancellationToken);
}

/// <summary>A helpdesk group that tickets can be assigned to.</summary>
public sealed record HelpdeskGroup(string Id, string Name);

/// <summary>A ticket in a helpdesk: which helpdesk, and its id there.</summary>
public sealed record TicketRef(string Helpdesk, string Id);

/// <summary>What <see cref="IHelpdesk.SolveAsync"/> did.</summary>
public enum SolveOutcome
{
    /// <summary>The ticket is now solved (Zendesk) or resolved (Freshdesk).</summary>
    Solved,

    /// <summary>The customer wrote after our last public message: the ticket stays open for an agent to answer.</summary>
    LeftOpenCustomerReplied,

    /// <summary>It was solved or closed already.</summary>
    AlreadyDone,
}

/// <summary>A comment on a ticket. The idempotency key lets a retried follow-up avoid posting twice.</summary>
public sealed record TicketComment(string Body, bool Public, string IdempotencyKey);

/// <summary>An escalation: new priority, a tag, the group to hand to, and the internal note saying why.</summary>
public sealed record TicketEscalation(TicketPriority Priority, string Tag, string? Group, string Note);

/// <summary>Ticket status, as the helpdesks we support have it.</summary>
public enum HelpdeskTicketStatus
{
    New,
    Open,
    Pending,
    OnHold,
    Solved,
    Closed,
}

/// <summary>The rule every helpdesk applies before it solves a ticket at the end of the story.</summary>
public static class SolvePolicy
{
    /// <summary>
    /// True when the customer wrote last, or wrote just before our newest public message (the arrival reply we just
    /// posted answers the parcel, not whatever the customer asked).
    /// </summary>
    /// <param name="newestPublicFromCustomer">The two newest public messages, newest first: true for the customer's.</param>
    public static bool CustomerHasTheLastWord(IReadOnlyList<bool> newestPublicFromCustomer)
    {
        ArgumentNullException.ThrowIfNull(newestPublicFromCustomer);
        return newestPublicFromCustomer.Count > 0 && (newestPublicFromCustomer[0] || (newestPublicFromCustomer.Count > 1 && newestPublicFromCustomer[1]));
    }
}
