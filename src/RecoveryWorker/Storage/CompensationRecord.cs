namespace RecoveryWorker.Storage;

/// <summary>The compensation ledger: unique on (case, kind), so no retry or replica can grant a remedy twice.</summary>
internal sealed class CompensationRecord
{
    public Guid Id { get; set; }

    public Guid CaseId { get; set; }

    public required string Kind { get; set; }

    public decimal Amount { get; set; }

    public required string Currency { get; set; }

    public DateTimeOffset GrantedAt { get; set; }
}
