namespace RecoveryWorker.Jobs;

/// <summary>
/// The one port through which the pipeline asks for background work. Services say what is owed (track these
/// shipments, deliver this case's owed effects, run this follow-up); the adapter (<c>Jobs/Hangfire</c>) decides how it
/// runs. Every method returns the job id, which the store keeps so the sweep can tell a lost job from a live one.
/// Work is at least once: every job re-reads the store and finds done work done.
/// </summary>
internal interface IRecoveryJobs
{
    /// <summary>Tracks up to <c>Polling:JobBatchSize</c> shipments of one carrier and applies the answers as one batch.</summary>
    string TrackBatch(string carrier, IReadOnlyCollection<Guid> shipmentIds);

    /// <summary>Sends the owed helpdesk writes of one case, in order; at <paramref name="notBefore"/> when given.</summary>
    string DeliverEffects(Guid caseId, DateTimeOffset? notBefore = null);

    /// <summary>Runs one promised follow-up at its due time (now when <paramref name="dueAt"/> is null or past).</summary>
    string FollowUp(Guid followUpId, DateTimeOffset? dueAt = null);

    /// <summary>Processes one stored Shopify webhook delivery (a fulfilment created, updated or cancelled).</summary>
    string ShopifyDelivery(string deliveryId);
}
