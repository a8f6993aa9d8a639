using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Harness;

/// <summary>
/// The carrier of a measurement: answers from the scenario the harness generated, in no time, and counts what it was
/// asked. It replaces the sandbox carrier's tracker (same carrier code, so shipments registered as "sandbox" use it).
/// </summary>
internal sealed class SimulatedCarrier(TimeProvider time, Func<string, DateTimeOffset, TrackingSnapshot?> track, int maxBatchSize = 50) : ICarrierTracker
{
    private long _requests;
    private long _lookups;

    public CarrierCode Carrier => CarrierCode.Sandbox;

    public int MaxBatchSize => maxBatchSize;

    /// <summary>API calls made (one per batch).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Tracking numbers looked up (the sum of the batch sizes).</summary>
    public long Lookups => Interlocked.Read(ref _lookups);

    public Task<IReadOnlyDictionary<string, ConnectorResult<TrackingSnapshot>>> TrackAsync(IReadOnlyCollection<string> trackingNumbers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trackingNumbers);
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _lookups, trackingNumbers.Count);
        var now = time.GetUtcNow();
        var answers = new Dictionary<string, ConnectorResult<TrackingSnapshot>>(trackingNumbers.Count, StringComparer.Ordinal);
        foreach (var number in trackingNumbers)
        {
            answers[number] = track(number, now) is { } snapshot
                ? snapshot
                : new ConnectorError(ConnectorErrorKind.NotFound, "Unknown tracking number.");
        }

        return Task.FromResult<IReadOnlyDictionary<string, ConnectorResult<TrackingSnapshot>>>(answers);
    }
}
