namespace RecoveryWorker.Connectors.Abstractions;

/// <summary>
/// The carrier's estimated delivery: a whole day (most ground services) or a time window (UPS/FedEx windows,
/// DHL estimatedTimeOfDelivery). A day-only estimate means "some time that day", never "by midnight".
/// </summary>
public sealed record DeliveryEstimate
{
    private DeliveryEstimate(DateOnly? date, CarrierTimestamp? windowStart, CarrierTimestamp? windowEnd)
    {
        Date = date;
        WindowStart = windowStart;
        WindowEnd = windowEnd;
    }

    /// <summary>The estimated day, when the carrier gave only a day.</summary>
    public DateOnly? Date { get; }

    /// <summary>Start of the estimated window, when given.</summary>
    public CarrierTimestamp? WindowStart { get; }

    /// <summary>End of the estimated window (or the single estimated time), when given.</summary>
    public CarrierTimestamp? WindowEnd { get; }

    /// <summary>A day-only estimate.</summary>
    public static DeliveryEstimate OnDay(DateOnly date) => new(date, null, null);

    /// <summary>A window; <paramref name="start"/> may be null when the carrier gives only an end ("by 10:30").</summary>
    public static DeliveryEstimate Window(CarrierTimestamp? start, CarrierTimestamp end) => new(null, start, end);
}
