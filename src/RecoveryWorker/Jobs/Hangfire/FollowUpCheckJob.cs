using Hangfire;
using RecoveryWorker.Recovery;

namespace RecoveryWorker.Jobs.Hangfire;

/// <summary>Hangfire job: runs one promised follow-up. Takes an id only and re-reads everything.</summary>
internal sealed class FollowUpCheckJob(FollowUpRunner runner)
{
    [AutomaticRetry(Attempts = 8)]
    public Task RunAsync(Guid followUpId, CancellationToken cancellationToken) => runner.RunAsync(followUpId, cancellationToken);
}
