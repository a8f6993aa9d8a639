using RecoveryWorker.Storage;

namespace RecoveryWorker.Tests.Support;

/// <summary>Claims written straight to the store, for tests of what reads and changes them.</summary>
internal static class StoredClaims
{
    public static ClaimRecord Claim(string trackingNumber, string status, DateTimeOffset commitment, string carrier = "ups", string? exclusion = null, decimal amount = 24.5m, DateTimeOffset? delivered = null) => new()
    {
        Id = Guid.NewGuid(),
        ShipmentId = Guid.NewGuid(),
        Carrier = carrier,
        TrackingNumber = trackingNumber,
        ServiceCode = "next_day_air",
        ShippedAt = commitment.AddDays(-1),
        TimeZone = "America/New_York",
        Reason = delivered is null ? "not_delivered" : "late",
        Commitment = commitment,
        CommitmentEvidence = "scheduled delivery of the next_day_air service",
        ActualDelivery = delivered,
        DeliveryEvidence = delivered is null ? null : "KB DELIVERED",
        Amount = amount,
        Currency = "USD",
        FileBy = commitment.AddDays(15),
        Status = status,
        Exclusion = exclusion,
        OpenedAt = commitment,
        UpdatedAt = commitment,
        FiledAt = status is "filed" or "credited" or "denied" ? commitment.AddDays(1) : null,
        Version = Guid.NewGuid(),
    };
}
