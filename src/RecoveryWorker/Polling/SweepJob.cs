using Quartz;

namespace RecoveryWorker.Polling;

/// <summary>Quartz job: the cadence. One sweep at a time (and, clustered, on one replica at a time).</summary>
[DisallowConcurrentExecution]
internal sealed class SweepJob(Sweeper sweeper) : IJob
{
    public static readonly JobKey Key = new("sweep", "polling");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await sweeper.SweepAsync(cancellationToken);
}
