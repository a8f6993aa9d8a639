using Quartz;

namespace RecoveryWorker.Retention;

/// <summary>
/// Quartz job: the daily retention run. On the sweep's scheduler, so clustered on PostgreSQL it fires on one replica
/// at a time; a second run at once would only find nothing left to erase.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class EraseExpiredCustomerDataJob(PersonalDataEraser eraser, ILogger<EraseExpiredCustomerDataJob> logger) : IJob
{
    public static readonly JobKey Key = new("erase-expired-customer-data", "retention");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        logger.RetentionStarted(context.Scheduler.SchedulerInstanceId, context.FireInstanceId);
        var (cutoff, counts) = await eraser.EraseExpiredAsync(cancellationToken);
        logger.RetentionErased(cutoff, counts.Shipments, counts.Cases, counts.HelpdeskWrites, counts.LocalTickets, counts.LocalTicketComments, counts.WebhookBodies);
    }
}
