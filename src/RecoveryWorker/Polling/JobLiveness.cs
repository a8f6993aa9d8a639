using Hangfire;
using Hangfire.States;

namespace RecoveryWorker.Polling;

/// <summary>Asks Hangfire whether a job will still run: the store says what is owed, this says whether a job owes it.</summary>
internal sealed class JobLiveness(JobStorage storage)
{
    /// <summary>
    /// False for a lost job (no data) and a deleted or succeeded one. An enqueued job is alive however long it has
    /// waited: Hangfire writes its state and its queue entry in one transaction, an entry a dead worker took is put
    /// back by the sweep (<see cref="Jobs.IAbandonedJobs"/>), and a copy of a job that waits behind a backlog would
    /// only lengthen the backlog it waits in (with a short <c>Polling:CheckLease</c> the sweep used to add one per
    /// case per sweep).
    /// </summary>
    public bool IsAlive(string? jobId)
    {
        if (jobId is null)
        {
            return false;
        }

        using var connection = storage.GetConnection();
        var state = connection.GetJobData(jobId)?.State;

        // Failed jobs stay failed: they are visible in the dashboard for an admin, and re-creating them would turn
        // one poison job into an endless loop. A lost job (no data) or a deleted one is re-created.
        return state is not null && state != DeletedState.StateName && state != SucceededState.StateName;
    }
}
