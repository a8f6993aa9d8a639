using Quartz;

namespace RecoveryWorker.Polling;

/// <summary>Quartz job: keeps parcels subscribed to carrier push (UPS Track Alert). One run at a time, clustered on one replica.</summary>
[DisallowConcurrentExecution]
internal sealed class SubscribePushJob(PushSubscriptions subscriptions) : IJob
{
    public static readonly JobKey Key = new("subscribe-push", "polling");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await subscriptions.SubscribeDueAsync(cancellationToken);
}
