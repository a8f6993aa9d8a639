using Hangfire;
using Hangfire.States;

namespace RecoveryWorker.Polling;

/// <summary>Asks Hangfire whether a job will still run: the store says what is owed, this says whether a job owes it.</summary>
internal sealed class JobLiveness(JobStorage storage)
{
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
