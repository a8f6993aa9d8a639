using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;

namespace RecoveryWorker.Connectors.Carriers.Sandbox;

/// <summary>
/// Tracks parcels from the sandbox tracking file. An event becomes visible when its time has passed on the injected
/// clock, so a file written once plays out in real time (or in fake time, in tests).
/// </summary>
internal sealed class SandboxTracker(SandboxTrackingFile trackingFile, TimeProvider time, IOptions<SandboxOptions> options) : ICarrierTracker
{
    private static readonly TimeSpan RateLimitRetryAfter = TimeSpan.FromSeconds(30);

    public CarrierCode Carrier => CarrierCode.Sandbox;

    public int MaxBatchSize { get; } = options.Value.MaxBatchSize;

    public Task<IReadOnlyDictionary<string, ConnectorResult<TrackingSnapshot>>> TrackAsync(IReadOnlyCollection<string> trackingNumbers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trackingNumbers);
        cancellationToken.ThrowIfCancellationRequested();

        var numbers = trackingNumbers.Distinct(StringComparer.Ordinal).ToList();
        if (numbers.Count > MaxBatchSize)
        {
            // A caller that ignores MaxBatchSize has a bug; real carriers would refuse the whole request too.
            throw new ArgumentException($"At most {MaxBatchSize} tracking numbers per call; got {numbers.Count}.", nameof(trackingNumbers));
        }

        var parcels = trackingFile.GetParcels();
        var now = time.GetUtcNow();
        var results = new Dictionary<string, ConnectorResult<TrackingSnapshot>>(numbers.Count, StringComparer.Ordinal);
        foreach (var number in numbers)
        {
            results[number] = parcels.TryGetValue(number, out var parcel)
                ? Track(number, parcel, now)
                : new ConnectorError(ConnectorErrorKind.NotFound, $"The sandbox carrier does not know tracking number {number}.");
        }

        return Task.FromResult<IReadOnlyDictionary<string, ConnectorResult<TrackingSnapshot>>>(results);
    }

    private static ConnectorResult<TrackingSnapshot> Track(string number, SandboxParcel parcel, DateTimeOffset now)
    {
        if (parcel.Failure is { } failure)
        {
            return SimulatedFailure(number, failure);
        }

        var visible = parcel.Events.Where(e => VisibleFrom(e.At) <= now).ToList();
        // Ties go to the later event in the file, as a carrier's later scan of the same minute would.
        var newest = visible.Count == 0 ? null : visible.Aggregate((best, e) => VisibleFrom(e.At) >= VisibleFrom(best.At) ? e : best);
        var delivered = visible.Where(e => e.Status is TrackingStatus.Delivered).ToList();
        var firstDelivered = delivered.Count == 0 ? null : delivered.Aggregate((first, e) => VisibleFrom(e.At) < VisibleFrom(first.At) ? e : first);

        return new TrackingSnapshot
        {
            Carrier = CarrierCode.Sandbox,
            TrackingNumber = number,
            Status = newest?.Status ?? TrackingStatus.Unknown,
            Reason = newest?.Reason,
            Events = visible,
            EstimatedDelivery = parcel.EstimatedDelivery,
            CommitmentTime = parcel.Commitment,
            CarrierReportsDelay = parcel.CarrierReportsDelay,
            ReportedService = parcel.Service,
            DeliveredAt = firstDelivered?.At,
        };
    }

    // The connector does not know the zone an offset-less time was meant in (the domain resolves those in the
    // promise's zone), and guessing the machine's zone would make the same file play out differently per machine.
    // UTC is a fixed, documented rule; file authors who need exact timing write offsets. Only visibility uses it:
    // the event keeps its wall-clock timestamp.
    private static DateTimeOffset VisibleFrom(CarrierTimestamp at) => at.Instant ?? new DateTimeOffset(at.WallClock, TimeSpan.Zero);

    private static ConnectorError SimulatedFailure(string number, SandboxFailure failure) => failure switch
    {
        SandboxFailure.Transient => new(ConnectorErrorKind.Transient, $"Simulated transient failure for sandbox tracking number {number}."),
        SandboxFailure.RateLimited => new(ConnectorErrorKind.RateLimited, $"Simulated rate limit for sandbox tracking number {number}.", RateLimitRetryAfter),
        SandboxFailure.Unauthorized => new(ConnectorErrorKind.Unauthorized, $"Simulated credential failure for sandbox tracking number {number}."),
        SandboxFailure.Malformed => new(ConnectorErrorKind.Malformed, $"Simulated unreadable answer for sandbox tracking number {number}."),
        _ => throw new ArgumentOutOfRangeException(nameof(failure), failure, "Unknown sandbox failure."),
    };
}
