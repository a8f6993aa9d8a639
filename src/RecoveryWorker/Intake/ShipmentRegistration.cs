using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Intake;

/// <summary>A validated shipment with its promise, ready to store.</summary>
internal sealed record ShipmentRegistration(
    string OrderId,
    CarrierCode Carrier,
    string TrackingNumber,
    string Service,
    DateTimeOffset PromisedBy,
    string PromiseTimeZone,
    bool Guaranteed,
    DateTimeOffset? ShippedAt,
    string CustomerId,
    string CustomerEmail,
    string CustomerName,
    string CustomerLocale,
    decimal OrderValue,
    decimal ShippingCost,
    string Currency)
{
    /// <summary>How the promise was worked out when the shipment came without one; null when it brought its own.</summary>
    public string? PromiseBasis { get; init; }

    /// <summary>The source's own reference when not our API sent it (<c>shopify:fulfillment:{id}</c>); see <see cref="Storage.ShipmentRecord.SourceRef"/>.</summary>
    public string? SourceRef { get; init; }

    /// <summary>Where the parcel leaves from, when the sender said; for lanes.</summary>
    public Place? Origin { get; init; }

    /// <summary>Where the parcel goes, when the sender said; for lanes (its postal code is personal data).</summary>
    public Place? Destination { get; init; }
}
