using Hangfire;
using Microsoft.EntityFrameworkCore;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Recovery;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Polling;

/// <summary>
/// Hangfire job: tracks one carrier batch. A carrier outage fails the whole job, so Hangfire retries it with
/// backoff and the dashboard shows it; a bad answer for one parcel is logged with its shipment id and skipped.
/// </summary>
internal sealed class TrackBatchJob(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    CarrierTrackers trackers,
    ShipmentChecker checker,
    ILogger<TrackBatchJob> logger)
{
    [AutomaticRetry(Attempts = 10)]
    [JobDisplayName("Track {0} batch")]
    public async Task RunAsync(string carrier, Guid[] shipmentIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shipmentIds);
        if (!CarrierCodes.TryParse(carrier, out var code) || trackers.Find(code) is not { } tracker)
        {
            logger.NoTracker(carrier, shipmentIds.Length);
            return;
        }

        List<(Guid Id, string TrackingNumber)> shipments;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            shipments = (await db.Shipments.AsNoTracking()
                    .Where(s => shipmentIds.Contains(s.Id) && s.NextCheckAt != null)
                    .Select(s => new { s.Id, s.TrackingNumber })
                    .ToListAsync(cancellationToken))
                .Select(s => (s.Id, s.TrackingNumber))
                .ToList();
        }

        if (shipments.Count == 0)
        {
            return;
        }

        var answers = await tracker.TrackAsync([.. shipments.Select(s => s.TrackingNumber).Distinct(StringComparer.Ordinal)], cancellationToken);
        if (answers.Count > 0 && answers.Values.All(a => a.Error?.IsRetryable == true))
        {
            var reason = answers.Values.First().Error!.Message;
            logger.CarrierUnavailable(carrier, shipments.Count, reason);
            throw new CarrierUnavailableException(carrier, reason);
        }

        foreach (var (id, trackingNumber) in shipments)
        {
            try
            {
                var answer = answers.TryGetValue(trackingNumber, out var found)
                    ? found
                    : ConnectorResult.Failure<TrackingSnapshot>(new ConnectorError(ConnectorErrorKind.Malformed, "The carrier's answer did not include this number."));
                await checker.CheckAsync(id, answer, cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another job moved this shipment's case on while we looked; the next sweep looks again.
                logger.ShipmentConflict(id);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // One parcel's trouble (a helpdesk hiccup, a surprise in the data) must not stop the others;
                // its lease runs out and the next sweep tries it again.
                logger.ShipmentFailed(ex, id);
            }
        }
    }
}
