using RecoveryWorker.Domain.Cases;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Tests.Support;

/// <summary>
/// Shipments and cases written straight into the store, for page and report tests that need many, or exact ones, faster
/// than the pipeline would make them. No personal data: names and e-mails are empty.
/// </summary>
internal static class StoredRecords
{
    /// <summary>A shipment shipped and registered three days before its promise, in New York's time.</summary>
    public static ShipmentRecord Shipment(string orderId, string trackingNumber, string customerId, string carrier, string service, DateTimeOffset promisedBy, DateTimeOffset? deliveredAt = null) => new()
    {
        Id = Guid.NewGuid(), OrderId = orderId, Carrier = carrier, TrackingNumber = trackingNumber, ServiceCode = service, PromisedBy = promisedBy,
        PromiseTimeZone = "America/New_York", ShippedAt = promisedBy.AddDays(-3), CustomerId = customerId, CustomerEmail = "", CustomerName = "",
        CustomerLocale = "en", Currency = "USD", RegisteredAt = promisedBy.AddDays(-3), DeliveredAt = deliveredAt,
    };

    /// <summary>The shipment's first case of <paramref name="type"/>, keyed as the pipeline keys it unless <paramref name="key"/> says otherwise.</summary>
    public static CaseRecord Case(
        ShipmentRecord shipment, string type, DateTimeOffset detectedAt, DateTimeOffset updatedAt, string status = nameof(CaseStatus.TicketOpened), DateTimeOffset? resolvedAt = null, string? key = null) => new()
    {
        Id = Guid.NewGuid(), Key = key ?? $"{shipment.Id}:{type}:1", ShipmentId = shipment.Id, CustomerId = shipment.CustomerId, OpenedAs = type, Episode = 1,
        BreachType = type, Severity = "major", Status = status, TypesSeen = type, EvidenceJson = "{}",
        DetectedAt = detectedAt, UpdatedAt = updatedAt, ResolvedAt = resolvedAt,
    };
}
