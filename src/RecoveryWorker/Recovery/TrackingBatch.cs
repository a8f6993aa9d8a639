using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Observability;
using RecoveryWorker.Polling;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Recovery;

/// <summary>
/// Polls one job batch of one carrier and hands the answers to <see cref="TrackingApplier"/> in one go. The job batch
/// (<c>Polling:JobBatchSize</c>) is ours; the connector's API batch (<see cref="ICarrierTracker.MaxBatchSize"/>) is the
/// carrier's: the batch is split into API calls of the carrier's size, a few in flight at once, paced by the
/// connector's rate limiter. So UPS and DHL (one number per call) get no Hangfire job per shipment.
/// </summary>
internal sealed class TrackingBatch(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    CarrierTrackers trackers,
    TrackingApplier applier,
    RecoveryMetrics metrics,
    ILogger<TrackingBatch> logger)
{
    /// <summary>API calls of one batch in flight at once; the carrier's rate limiter decides how fast they go out.</summary>
    internal const int ApiCallsInFlight = 4;

    /// <summary>
    /// Tracks the shipments and applies what came back. When the carrier answered no number but with a retryable
    /// failure (an outage), throws <see cref="CarrierUnavailableException"/> so the job is retried with backoff.
    /// </summary>
    public async Task TrackAsync(string carrier, IReadOnlyCollection<Guid> shipmentIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shipmentIds);
        using var activity = RecoveryTelemetry.TrackBatch(carrier, shipmentIds.Count);
        if (await PollAsync(carrier, shipmentIds, cancellationToken) is not { } answers)
        {
            return;
        }

        if (answers.Count > 0 && answers.All(a => a.Result.Error?.IsRetryable == true))
        {
            var reason = answers[0].Result.Error!.Message;
            logger.CarrierUnavailable(carrier, answers.Count, reason);
            throw new CarrierUnavailableException(carrier, reason);
        }

        await applier.ApplyAsync(answers, cancellationToken);
    }

    /// <summary>
    /// Re-tracks one shipment now (a follow-up looks at the parcel as it is before it writes). A carrier failure is
    /// recorded on the shipment like any other check; the follow-up goes on with what the store knows.
    /// </summary>
    public async Task RefreshAsync(ShipmentRecord shipment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shipment);
        if (await PollAsync(shipment.Carrier, [shipment.Id], cancellationToken) is { Count: > 0 } answers)
        {
            await applier.ApplyAsync(answers, cancellationToken);
        }
    }

    private async Task<List<TrackingAnswer>?> PollAsync(string carrier, IReadOnlyCollection<Guid> shipmentIds, CancellationToken cancellationToken)
    {
        if (!CarrierCodes.TryParse(carrier, out var code) || trackers.Find(code) is not { } tracker)
        {
            logger.NoTracker(carrier, shipmentIds.Count);
            return null;
        }

        List<(Guid Id, string TrackingNumber)> shipments;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var ids = shipmentIds.ToList();
            shipments = (await db.Shipments.AsNoTracking()
                    .Where(s => ids.Contains(s.Id) && s.NextCheckAt != null)
                    .Select(s => new { s.Id, s.TrackingNumber })
                    .ToListAsync(cancellationToken))
                .Select(s => (s.Id, s.TrackingNumber))
                .ToList();
        }

        if (shipments.Count == 0)
        {
            return [];
        }

        var results = await CallCarrierAsync(tracker, [.. shipments.Select(s => s.TrackingNumber).Distinct(StringComparer.Ordinal)], cancellationToken);
        return [.. shipments.Select(s => new TrackingAnswer(s.Id, results.TryGetValue(s.TrackingNumber, out var found)
            ? found
            : ConnectorResult.Failure<TrackingSnapshot>(new ConnectorError(ConnectorErrorKind.Malformed, "The carrier's answer did not include this number."))))];
    }

    private async Task<Dictionary<string, ConnectorResult<TrackingSnapshot>>> CallCarrierAsync(ICarrierTracker tracker, string[] numbers, CancellationToken cancellationToken)
    {
        var results = new Dictionary<string, ConnectorResult<TrackingSnapshot>>(numbers.Length, StringComparer.Ordinal);
        var calls = numbers.Chunk(Math.Max(1, tracker.MaxBatchSize)).ToList();
        if (calls.Count == 1)
        {
            return new(await TrackAsync(tracker, calls[0], cancellationToken), StringComparer.Ordinal);
        }

        var answered = new IReadOnlyDictionary<string, ConnectorResult<TrackingSnapshot>>[calls.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, calls.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ApiCallsInFlight, CancellationToken = cancellationToken },
            async (i, ct) => answered[i] = await TrackAsync(tracker, calls[i], ct));
        foreach (var (number, result) in answered.SelectMany(a => a))
        {
            results[number] = result;
        }

        return results;
    }

    /// <summary>One API call, counted and timed: failed when no number in it got an answer.</summary>
    private async Task<IReadOnlyDictionary<string, ConnectorResult<TrackingSnapshot>>> TrackAsync(ICarrierTracker tracker, string[] numbers, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var answers = await tracker.TrackAsync(numbers, cancellationToken);
        var error = answers.Count > 0 && answers.Values.All(a => !a.IsSuccess && a.Error!.Kind != ConnectorErrorKind.NotFound) ? answers.Values.First().Error!.Kind : (ConnectorErrorKind?)null;
        metrics.CarrierCalled(tracker.Carrier, error, Stopwatch.GetElapsedTime(started));
        return answers;
    }
}
