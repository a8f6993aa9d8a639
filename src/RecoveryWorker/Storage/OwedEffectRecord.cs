namespace RecoveryWorker.Storage;

/// <summary>
/// The outbox: one write the helpdesk is owed (open the ticket, a reply or note, an escalation, a reopen), saved in
/// the same transaction as the case change that decided it. A delivery job sends a case's owed effects in order and
/// marks each delivered; nothing is lost when the helpdesk is down and nothing is sent twice (the ticket claim, the
/// idempotency keys and the ledger of sent comments guard the sends).
/// </summary>
internal sealed class OwedEffectRecord
{
    public Guid Id { get; set; }

    public Guid CaseId { get; set; }

    /// <summary>Unique: <c>{caseKey}:{event}:{kind}</c>, also the idempotency key the helpdesk (or the ledger) sees.</summary>
    public required string Key { get; set; }

    /// <summary>See <see cref="OwedEffectKinds"/>.</summary>
    public required string Kind { get; set; }

    /// <summary>The text to write (rendered when the effect was decided, so it states the facts of that moment).</summary>
    public string? Body { get; set; }

    /// <summary>For comments: the customer sees it (a reply) or only agents do (a note).</summary>
    public bool Public { get; set; }

    /// <summary>For escalations: the helpdesk group to hand the ticket to.</summary>
    public string? Group { get; set; }

    /// <summary>The follow-up that decided this effect, if any: its outcome is corrected when the helpdesk refuses.</summary>
    public Guid? FollowUpId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Order among the effects decided together (the reopen note before the update, the reply before the note).</summary>
    public int Ordinal { get; set; }

    /// <summary>Pending, Delivered or Rejected (the helpdesk refused it for good; the reason is in <see cref="LastError"/>).</summary>
    public required string State { get; set; }

    /// <summary>
    /// Set while one delivery job sends this effect (a conditional update: two jobs for one case never both send it).
    /// A claim older than <c>Tickets:InFlightLease</c> is taken for lost (the worker died) and may be taken again.
    /// </summary>
    public DateTimeOffset? ClaimedAt { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }
}

/// <summary>What an owed effect asks the helpdesk to do.</summary>
internal static class OwedEffectKinds
{
    public const string OpenTicket = "open_ticket";
    public const string Comment = "comment";
    public const string Escalate = "escalate";
    public const string Reopen = "reopen";
    public const string Solve = "solve";

    /// <summary>Issue the case's remedy through the store, owed before the ticket whose apology announces it.</summary>
    public const string IssueRemedy = "issue_remedy";
}

/// <summary>Where an owed effect stands.</summary>
internal static class OwedEffectStates
{
    public const string Pending = "Pending";
    public const string Delivered = "Delivered";
    public const string Rejected = "Rejected";
}
