using Hangfire;

namespace RecoveryWorker.Jobs.Hangfire;

/// <summary><see cref="IRecoveryJobs"/> over Hangfire: the only place that names the job classes.</summary>
internal sealed class HangfireRecoveryJobs(IBackgroundJobClient client, TimeProvider time) : IRecoveryJobs
{
    public string TrackBatch(string carrier, IReadOnlyCollection<Guid> shipmentIds)
    {
        Guid[] ids = [.. shipmentIds];
        return client.Enqueue<TrackBatchJob>(j => j.RunAsync(carrier, ids, CancellationToken.None));
    }

    public string DeliverEffects(Guid caseId, DateTimeOffset? notBefore = null) =>
        notBefore is { } at && at > time.GetUtcNow()
            ? client.Schedule<DeliverEffectsJob>(j => j.RunAsync(caseId, CancellationToken.None), at)
            : client.Enqueue<DeliverEffectsJob>(j => j.RunAsync(caseId, CancellationToken.None));

    public string FollowUp(Guid followUpId, DateTimeOffset? dueAt = null) =>
        dueAt is { } at && at > time.GetUtcNow()
            ? client.Schedule<FollowUpCheckJob>(j => j.RunAsync(followUpId, CancellationToken.None), at)
            : client.Enqueue<FollowUpCheckJob>(j => j.RunAsync(followUpId, CancellationToken.None));

    public string ShopifyDelivery(string deliveryId) =>
        client.Enqueue<ShopifyDeliveryJob>(j => j.RunAsync(deliveryId, CancellationToken.None));
}
