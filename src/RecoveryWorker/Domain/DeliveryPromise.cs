namespace RecoveryWorker.Domain;

/// <summary>
/// What the business promised one customer about one shipment. <see cref="PromisedBy"/> is an exact instant;
/// <see cref="TimeZone"/> is the zone the promise was made in ("by noon tomorrow" in Chicago), used for calendar
/// days, for carrier times printed without an offset, and for every time shown to the customer.
/// </summary>
internal sealed record DeliveryPromise
{
    public required DateTimeOffset PromisedBy { get; init; }

    public required TimeZoneInfo TimeZone { get; init; }

    /// <summary>The service code from the catalog the promise was sold with ("next_day_air").</summary>
    public required string ServiceCode { get; init; }

    /// <summary>The business guaranteed this date to the customer (not only estimated it).</summary>
    public bool Guaranteed { get; init; }

    public required DateTimeOffset ShippedAt { get; init; }

    public required Customer Customer { get; init; }

    public required OrderTotals Order { get; init; }

    /// <summary>The deadline as the customer reads it: wall-clock time in the promise's zone.</summary>
    public DateTimeOffset LocalDeadline => TimeZoneInfo.ConvertTime(PromisedBy, TimeZone);
}

/// <summary>Who to apologise to. The e-mail and name are personal data: never logged.</summary>
internal sealed record Customer(string Id, string Email, string Name, string Locale);

/// <summary>The order's value and shipping cost, the bases remedies are computed from.</summary>
internal sealed record OrderTotals(decimal Value, decimal ShippingCost, string Currency);
