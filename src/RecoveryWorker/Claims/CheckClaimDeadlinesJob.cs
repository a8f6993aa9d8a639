using Quartz;

namespace RecoveryWorker.Claims;

/// <summary>Quartz job: the daily deadline check, on the sweep's scheduler (one replica at a time when clustered).</summary>
[DisallowConcurrentExecution]
internal sealed class CheckClaimDeadlinesJob(ClaimDeadlineCheck check) : IJob
{
    public static readonly JobKey Key = new("check-claim-deadlines", "claims");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await check.RunAsync(cancellationToken);
}
