namespace RecoveryWorker.Storage;

/// <summary>
/// A comment the helpdesk confirmed, by its idempotency key (<c>{caseKey}:{event}:{public|note|…}</c>). Zendesk and
/// Freshdesk take no idempotency key for comments, so a retried follow-up asks this ledger before it writes again.
/// </summary>
internal sealed class SentCommentRecord
{
    public required string Key { get; set; }

    public Guid CaseId { get; set; }

    public DateTimeOffset SentAt { get; set; }
}
