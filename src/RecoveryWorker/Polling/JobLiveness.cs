using Hangfire;
using Hangfire.Common;
using Hangfire.States;

namespace RecoveryWorker.Polling;

/// <summary>Asks Hangfire whether a job will still run: the store says what is owed, this says whether a job owes it.</summary>
internal sealed class JobLiveness(JobStorage storage, TimeProvider time)
{
    /// <summary>
    /// False for a lost job (no data), a deleted or succeeded one, and one that has sat in the queue longer than
    /// <paramref name="staleAfter"/>: a queue entry can be orphaned when the database goes away mid-fetch, and no
    /// worker will ever take it. Re-creating such work is safe: the jobs re-read the store and their claims make a
    /// second copy find the work done. Ages are measured on the injected clock, the real one in production, where
    /// Hangfire writes them.
    /// </summary>
    public bool IsAlive(string? jobId, TimeSpan staleAfter)
    {
        if (jobId is null)
        {
            return false;
        }

        using var connection = storage.GetConnection();
        var state = connection.GetJobData(jobId)?.State;

        // Failed jobs stay failed: they are visible in the dashboard for an admin, and re-creating them would turn
        // one poison job into an endless loop. A lost job (no data) or a deleted one is re-created.
        if (state is null || state == DeletedState.StateName || state == SucceededState.StateName)
        {
            return false;
        }

        if (state == EnqueuedState.StateName
            && connection.GetStateData(jobId)?.Data is { } data
            && data.TryGetValue("EnqueuedAt", out var enqueuedAt)
            && JobHelper.DeserializeNullableDateTime(enqueuedAt) is { } since)
        {
            return time.GetUtcNow().UtcDateTime - since < staleAfter;
        }

        return true;
    }
}
