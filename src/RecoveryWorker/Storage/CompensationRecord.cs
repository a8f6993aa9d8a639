namespace RecoveryWorker.Storage;

/// <summary>
/// The compensation ledger: one entry per (case, kind), so no retry or replica can propose or grant a remedy twice.
/// An entry moves <c>proposed -> offered -> granted -> redeemed</c>, or to <c>withdrawn</c>
/// (<see cref="CompensationStatuses"/>); each step keeps when, by whom and, for people's steps, why.
/// </summary>
internal sealed class CompensationRecord
{
    public Guid Id { get; set; }

    public Guid CaseId { get; set; }

    public required string Kind { get; set; }

    public decimal Amount { get; set; }

    public required string Currency { get; set; }

    public string Status { get; set; } = CompensationStatuses.Proposed;

    /// <summary>Copied from the shipment and the case, so totals per carrier and breach type read one table.</summary>
    public string Carrier { get; set; } = "";

    public string BreachType { get; set; } = "";

    public DateTimeOffset ProposedAt { get; set; }

    public string? ProposedBy { get; set; }

    /// <summary>When the apology that names it reached the customer (sent by us, or by the agent in Draft mode).</summary>
    public DateTimeOffset? OfferedAt { get; set; }

    public string? OfferedBy { get; set; }

    /// <summary>When the store or an agent issued it.</summary>
    public DateTimeOffset? GrantedAt { get; set; }

    public string? GrantedBy { get; set; }

    public DateTimeOffset? RedeemedAt { get; set; }

    public string? RedeemedBy { get; set; }

    public DateTimeOffset? WithdrawnAt { get; set; }

    public string? WithdrawnBy { get; set; }

    /// <summary>Why the last step a person took was taken (the audit's reason).</summary>
    public string? Reason { get; set; }

    /// <summary>The issuer's id of what it issued (Shopify's refund id), once granted through it.</summary>
    public string? IssuerRef { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
