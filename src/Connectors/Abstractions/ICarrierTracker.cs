namespace RecoveryWorker.Connectors.Abstractions;

/// <summary>Tracks parcels at one carrier, a batch at a time.</summary>
public interface ICarrierTracker
{
    CarrierCode Carrier { get; }

    /// <summary>The most tracking numbers one call may carry (FedEx 30, USPS 35, UPS and DHL 1).</summary>
    int MaxBatchSize { get; }

    /// <summary>
    /// Tracks up to <see cref="MaxBatchSize"/> numbers. Returns exactly one result per distinct number asked for;
    /// vendor failures (a whole-batch outage included) are results, not exceptions.
    /// </summary>
    Task<IReadOnlyDictionary<string, ConnectorResult<TrackingSnapshot>>> TrackAsync(IReadOnlyCollection<string> trackingNumbers, CancellationToken cancellationToken);
}
