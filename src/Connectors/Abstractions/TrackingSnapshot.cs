namespace RecoveryWorker.Connectors.Abstractions;

/// <summary>Everything a carrier told us about one tracking number at one moment, normalized.</summary>
public sealed record TrackingSnapshot
{
    public required CarrierCode Carrier { get; init; }

    public required string TrackingNumber { get; init; }

    /// <summary>The carrier's current summary status. May disagree with the last event when events arrive out of order.</summary>
    public TrackingStatus Status { get; init; } = TrackingStatus.Unknown;

    /// <summary>The exception reason for the current status, when there is one.</summary>
    public ExceptionReason? Reason { get; init; }

    /// <summary>Scans as reported, in any order, possibly with duplicates: the domain sorts and de-duplicates.</summary>
    public IReadOnlyList<TrackingEvent> Events { get; init; } = [];

    /// <summary>The carrier's latest delivery estimate, if any.</summary>
    public DeliveryEstimate? EstimatedDelivery { get; init; }

    /// <summary>The time the carrier committed to for a guaranteed service (UPS/FedEx commitment, USPS guaranteed), if any.</summary>
    public CarrierTimestamp? CommitmentTime { get; init; }

    /// <summary>The carrier says the parcel is running late (FedEx derived code RL, USPS "delayed" notices).</summary>
    public bool CarrierReportsDelay { get; init; }

    /// <summary>The service level exactly as the carrier names it ("UPS Next Day Air", "FEDEX_GROUND").</summary>
    public string? ReportedService { get; init; }

    /// <summary>When the parcel was delivered, if the carrier says so outside the event list.</summary>
    public CarrierTimestamp? DeliveredAt { get; init; }
}
