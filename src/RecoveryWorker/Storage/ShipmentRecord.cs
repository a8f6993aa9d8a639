namespace RecoveryWorker.Storage;

/// <summary>A shipment and its promise as stored; the tracking columns hold the latest snapshot the worker saw.</summary>
internal sealed class ShipmentRecord
{
    public Guid Id { get; set; }

    public required string OrderId { get; set; }

    /// <summary>Carrier wire name ("ups", "sandbox").</summary>
    public required string Carrier { get; set; }

    public required string TrackingNumber { get; set; }

    public required string ServiceCode { get; set; }

    public DateTimeOffset PromisedBy { get; set; }

    /// <summary>IANA zone id the promise was made in.</summary>
    public required string PromiseTimeZone { get; set; }

    public bool Guaranteed { get; set; }

    public DateTimeOffset ShippedAt { get; set; }

    public required string CustomerId { get; set; }

    /// <summary>Personal data: never logged.</summary>
    public required string CustomerEmail { get; set; }

    /// <summary>Personal data: never logged.</summary>
    public required string CustomerName { get; set; }

    public required string CustomerLocale { get; set; }

    public decimal OrderValue { get; set; }

    public decimal ShippingCost { get; set; }

    public required string Currency { get; set; }

    public DateTimeOffset RegisteredAt { get; set; }

    /// <summary>When the sweep should look at this shipment next; null once it reached a final state.</summary>
    public DateTimeOffset? NextCheckAt { get; set; }

    /// <summary>Set while a tracking batch holding this shipment is enqueued; the sweep re-enqueues it if the lease runs out.</summary>
    public DateTimeOffset? CheckLeaseUntil { get; set; }

    public DateTimeOffset? LastCheckedAt { get; set; }

    /// <summary>The last tracking failure for this shipment (kind and message), cleared by a good answer.</summary>
    public string? LastCheckError { get; set; }

    public int ConsecutiveCheckFailures { get; set; }

    /// <summary>The latest normalized snapshot as JSON (see <see cref="TrackingSnapshotJson"/>).</summary>
    public string? TrackingJson { get; set; }

    public string? TrackingStatus { get; set; }

    public DateTimeOffset? LastEventAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>When the order was cancelled (<c>DELETE /api/shipments/{id}</c>): no longer watched, its cases closed.</summary>
    public DateTimeOffset? CancelledAt { get; set; }

    /// <summary>
    /// Changed by every change a person or program makes (a new promise, a cancellation), so a tracking batch that read
    /// the shipment before it saves nothing over it: the batch re-reads and decides on what is true now.
    /// </summary>
    public Guid Version { get; set; }

    /// <summary>
    /// When the customer's name and e-mail were erased (retention or an erasure request): both are empty from then on,
    /// and only <see cref="CustomerId"/> remains.
    /// </summary>
    public DateTimeOffset? PersonalDataErasedAt { get; set; }

    /// <summary>
    /// Where the shipment came from, when a source other than our API sent it: <c>shopify:fulfillment:{id}</c>. A later
    /// message about the same thing (a cancelled fulfilment) finds its shipments by it.
    /// </summary>
    public string? SourceRef { get; set; }

    /// <summary>
    /// Until when the carrier pushes this parcel's scans to us (UPS Track Alert subscriptions last 14 days); null when it
    /// is not subscribed. A subscribed parcel is polled rarely, and still checked at its deadline.
    /// </summary>
    public DateTimeOffset? PushSubscribedUntil { get; set; }

    /// <summary>ISO 3166-1 country the parcel leaves from, when the sender said (lanes).</summary>
    public string? OriginCountry { get; set; }

    /// <summary>ISO 3166-2 region without the country (CA), when known.</summary>
    public string? OriginRegion { get; set; }

    public string? OriginPostalCode { get; set; }

    /// <summary>ISO 3166-1 country the parcel goes to, when the sender said (lanes, holidays).</summary>
    public string? DestinationCountry { get; set; }

    /// <summary>ISO 3166-2 region without the country, when known.</summary>
    public string? DestinationRegion { get; set; }

    /// <summary>Part of the customer's address: never logged, erased with the name and e-mail.</summary>
    public string? DestinationPostalCode { get; set; }
}
