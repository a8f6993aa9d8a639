using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Connectors.Helpdesks.Local;

/// <summary>Where the local helpdesk keeps its tickets: the worker's state store implements it.</summary>
public interface ILocalTicketStore
{
    /// <summary>Creates the ticket, or returns the id of the one already created for the same external id.</summary>
    Task<long> CreateAsync(TicketDraft draft, CancellationToken cancellationToken);

    Task<long?> FindAsync(string externalId, CancellationToken cancellationToken);

    /// <summary>Adds a comment unless one with the same idempotency key exists. False when the ticket does not exist.</summary>
    Task<bool> AddCommentAsync(long ticketId, TicketComment comment, CancellationToken cancellationToken);

    Task<HelpdeskTicketStatus?> GetStatusAsync(long ticketId, CancellationToken cancellationToken);

    /// <summary>The ticket's tags; null when it does not exist.</summary>
    Task<IReadOnlyList<string>?> GetTagsAsync(long ticketId, CancellationToken cancellationToken);

    /// <summary>Adds the internal note and sets a solved or closed ticket back to open. False when the ticket does not exist.</summary>
    Task<bool> ReopenAsync(long ticketId, TicketComment note, CancellationToken cancellationToken);

    /// <summary>Raises priority, adds the tag, assigns the group and adds the note. False when the ticket does not exist.</summary>
    Task<bool> EscalateAsync(long ticketId, TicketEscalation escalation, CancellationToken cancellationToken);

    /// <summary>Sets the ticket solved; null when it does not exist. Local tickets take no customer replies.</summary>
    Task<SolveOutcome?> SolveAsync(long ticketId, CancellationToken cancellationToken);
}
