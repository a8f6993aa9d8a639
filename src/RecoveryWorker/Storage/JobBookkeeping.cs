using Microsoft.EntityFrameworkCore;

namespace RecoveryWorker.Storage;

/// <summary>
/// Records which Hangfire job carries which piece of owed work. Written as targeted updates, outside the case's
/// optimistic concurrency: the job may already be running and moving the case on, and that must not turn the
/// bookkeeping into a conflict.
/// </summary>
internal static class JobBookkeeping
{
    public static Task SetTicketJobAsync(this RecoveryDbContext db, Guid caseId, string jobId, CancellationToken cancellationToken) =>
        db.Cases.Where(c => c.Id == caseId).ExecuteUpdateAsync(s => s.SetProperty(c => c.TicketJobId, jobId), cancellationToken);

    public static Task SetFollowUpJobAsync(this RecoveryDbContext db, Guid followUpId, string jobId, CancellationToken cancellationToken) =>
        db.FollowUps.Where(f => f.Id == followUpId).ExecuteUpdateAsync(s => s.SetProperty(f => f.JobId, jobId), cancellationToken);
}
