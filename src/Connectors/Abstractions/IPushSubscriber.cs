namespace RecoveryWorker.Connectors.Abstractions;

/// <summary>
/// Asks a carrier to push a parcel's scans to us (UPS Track Alert) instead of being polled for them. A subscription
/// lasts <see cref="SubscriptionLifetime"/> from the call and is renewed by calling again.
/// </summary>
public interface IPushSubscriber
{
    CarrierCode Carrier { get; }

    /// <summary>Configured and switched on: nothing is subscribed otherwise.</summary>
    bool Enabled { get; }

    /// <summary>The most tracking numbers one call may carry (UPS: 100).</summary>
    int MaxBatchSize { get; }

    /// <summary>How long a subscription lasts (UPS: 14 days); renew before it runs out.</summary>
    TimeSpan SubscriptionLifetime { get; }

    /// <summary>How long before <see cref="SubscriptionLifetime"/> runs out a subscription is renewed.</summary>
    TimeSpan RenewBefore { get; }

    /// <summary>Whether the carrier can push scans for this number at all (UPS: 1Z and 1R numbers); others stay polled.</summary>
    bool Accepts(string trackingNumber);

    /// <summary>
    /// Subscribes up to <see cref="MaxBatchSize"/> numbers in one call. The answer lists which numbers the carrier took
    /// and which it refused (with its code); a whole-call failure (outage, credentials, a refused request) is the error.
    /// </summary>
    Task<ConnectorResult<PushSubscription>> SubscribeAsync(IReadOnlyCollection<string> trackingNumbers, CancellationToken cancellationToken);
}

/// <summary>The carrier's answer to one subscription call.</summary>
/// <param name="Subscribed">Numbers whose scans will be pushed from now on.</param>
/// <param name="Refused">Numbers the carrier would not subscribe; they stay polled.</param>
/// <param name="Codes">The carrier's warning or error codes for the refusals (UPS VSS…/TW…), when it gave any.</param>
public sealed record PushSubscription(IReadOnlyList<string> Subscribed, IReadOnlyList<string> Refused, string? Codes);

/// <summary>One scan a carrier pushed, normalized; the vendor-neutral shape of a webhook delivery.</summary>
/// <param name="EstimatedDelivery">The carrier's scheduled delivery day, when the push carried one.</param>
public sealed record CarrierScan(CarrierCode Carrier, string TrackingNumber, TrackingEvent Event, DateOnly? EstimatedDelivery);
