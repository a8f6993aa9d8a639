using Hangfire;
using RecoveryWorker.Recovery;

namespace RecoveryWorker.Jobs.Hangfire;

/// <summary>
/// Hangfire job: tracks one job batch of one carrier (up to <c>Polling:JobBatchSize</c> shipments; the connector
/// splits them into API calls of its own size). A carrier outage fails the whole job, so Hangfire retries it with
/// backoff and the dashboard shows it; a bad answer for one parcel is logged with its shipment id and skipped.
/// </summary>
internal sealed class TrackBatchJob(TrackingBatch batch)
{
    [AutomaticRetry(Attempts = 10)]
    public Task RunAsync(string carrier, Guid[] shipmentIds, CancellationToken cancellationToken) => batch.TrackAsync(carrier, shipmentIds, cancellationToken);
}
