namespace RecoveryWorker.Jobs;

/// <summary>
/// Work a stopped worker had taken from the queue: handed out again at the front of the queue, in its place by age,
/// instead of waiting behind every job enqueued since (the sweep asks for this before it looks for lost work).
/// </summary>
internal interface IAbandonedJobs
{
    /// <summary>Puts back the jobs whose worker stopped keeping them alive; returns their ids.</summary>
    Task<IReadOnlyList<string>> RequeueAsync(CancellationToken cancellationToken);
}
