namespace RecoveryWorker.Storage;

/// <summary>
/// A carrier guarantee claim: one per shipment (unique on <see cref="ShipmentId"/>), so no retry or replica opens two.
/// Holds no personal data: carrier, tracking number, dates and the charge are what the carrier's refund form asks.
/// </summary>
internal sealed class ClaimRecord
{
    public Guid Id { get; set; }

    public Guid ShipmentId { get; set; }

    /// <summary>Carrier wire name (ups, fedex, ...).</summary>
    public required string Carrier { get; set; }

    public required string TrackingNumber { get; set; }

    public required string ServiceCode { get; set; }

    public DateTimeOffset ShippedAt { get; set; }

    /// <summary>The promise's IANA zone: days (ship date, scheduled delivery) are the ones on the refund form.</summary>
    public required string TimeZone { get; set; }

    /// <summary>late or not_delivered.</summary>
    public required string Reason { get; set; }

    public DateTimeOffset Commitment { get; set; }

    public required string CommitmentEvidence { get; set; }

    public DateTimeOffset? ActualDelivery { get; set; }

    public string? DeliveryEvidence { get; set; }

    public decimal Amount { get; set; }

    public required string Currency { get; set; }

    /// <summary>The carrier's filing deadline: scheduled delivery plus <c>Claims:{Carrier}:FileWithin</c>.</summary>
    public DateTimeOffset FileBy { get; set; }

    /// <summary>to_file, filed, credited, denied, expired or excluded.</summary>
    public required string Status { get; set; }

    /// <summary>Why the carrier owes nothing (weather, suspension, ...), when excluded.</summary>
    public string? Exclusion { get; set; }

    public string? ExclusionEvidence { get; set; }

    public DateTimeOffset OpenedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? FiledAt { get; set; }

    /// <summary>When the outcome (credited, denied, expired) was recorded.</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>The carrier's reference for the request, when the person filing gave it.</summary>
    public string? CarrierReference { get; set; }

    /// <summary>What the carrier credited (the charge unless the person recording it says otherwise).</summary>
    public decimal? CreditedAmount { get; set; }

    /// <summary>Changed by every write, so two people recording an outcome at once cannot both win.</summary>
    public Guid Version { get; set; }

    public List<ClaimEventRecord> Events { get; set; } = [];
}

/// <summary>The claim's audit trail: who did what, when, with their note.</summary>
internal sealed class ClaimEventRecord
{
    public Guid Id { get; set; }

    public Guid ClaimId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>"worker", "api-key:{name}" or "user:{name}".</summary>
    public required string Actor { get; set; }

    /// <summary>opened, reassessed, filed, credited, denied, expired.</summary>
    public required string Action { get; set; }

    public string? Note { get; set; }
}
