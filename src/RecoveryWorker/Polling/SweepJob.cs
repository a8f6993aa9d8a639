using Quartz;

namespace RecoveryWorker.Polling;

/// <summary>Quartz job: the cadence. One sweep at a time (and, clustered, on one replica at a time).</summary>
[DisallowConcurrentExecution]
internal sealed class SweepJob(Sweeper sweeper, ILogger<SweepJob> logger) : IJob
{
    public static readonly JobKey Key = new("sweep", "polling");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var instance = context.Scheduler.SchedulerInstanceId;
        logger.SweepStarted(instance, context.FireInstanceId);
        try
        {
            await sweeper.SweepAsync(cancellationToken);
        }
        finally
        {
            logger.SweepFinished(instance, context.FireInstanceId);
        }
    }
}
