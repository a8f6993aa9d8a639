using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Jobs;
using RecoveryWorker.Jobs.Hangfire;
using RecoveryWorker.Observability;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Polling;

/// <summary>
/// One sweep: claims due shipments in pages until none are due (the lease is taken in the same statement, so
/// replicas never claim the same shipment) and hands them out as tracking jobs of up to <c>Polling:JobBatchSize</c>
/// shipments of one carrier; then re-creates work the store says is owed but Hangfire no longer has: cases with owed
/// helpdesk writes and overdue follow-ups whose jobs were lost. The store is the truth; the queue is a cache of it.
/// </summary>
internal sealed class Sweeper(
    LastSweep last,
    IDbContextFactory<RecoveryDbContext> dbFactory,
    CarrierTrackers trackers,
    IRecoveryJobs jobs,
    JobLiveness liveness,
    IAbandonedJobs abandoned,
    RecoveryMetrics metrics,
    IOptions<JobsOptions> jobOptions,
    IOptions<PollingOptions> options,
    TimeProvider time,
    ILogger<Sweeper> logger)
{
    private readonly PollingOptions _options = options.Value;

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        using var activity = RecoveryTelemetry.Sweep();
        await EnqueueDueShipmentsAsync(cancellationToken);
        await RecreateLostWorkAsync(cancellationToken);
    }

    private async Task EnqueueDueShipmentsAsync(CancellationToken cancellationToken)
    {
        var batches = 0;
        var enqueued = 0;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        while (true)
        {
            var now = time.GetUtcNow();
            var claimed = await DueShipments.ClaimAsync(db, now, now + _options.CheckLease, _options.SweepPageSize, cancellationToken);
            foreach (var group in claimed.GroupBy(s => s.Carrier, StringComparer.Ordinal))
            {
                if (!CarrierCodes.TryParse(group.Key, out var carrier) || trackers.Find(carrier) is null)
                {
                    // Kept, not lost: checked again once a tracker exists.
                    logger.NoTracker(group.Key, group.Count());
                    var ids = group.Select(s => s.Id).ToList();
                    var later = now + _options.Interval;
                    await db.Shipments.Where(s => ids.Contains(s.Id))
                        .ExecuteUpdateAsync(s => s.SetProperty(x => x.NextCheckAt, later).SetProperty(x => x.CheckLeaseUntil, (DateTimeOffset?)null), cancellationToken);
                    continue;
                }

                // Leased first, then enqueued: a crash in between leaves leases that expire, never an unleased double batch.
                foreach (var chunk in group.Chunk(_options.JobBatchSize))
                {
                    jobs.TrackBatch(group.Key, [.. chunk.Select(s => s.Id)]);
                    batches++;
                    enqueued += chunk.Length;
                }
            }

            if (claimed.Count < _options.SweepPageSize)
            {
                break;
            }
        }

        last.Record(time.GetUtcNow(), enqueued);
        if (enqueued > 0)
        {
            logger.SweepEnqueued(batches, enqueued);
        }
    }

    private async Task RecreateLostWorkAsync(CancellationToken cancellationToken)
    {
        // First the jobs a dead replica had taken: they exist and will run, but without this only after every job
        // enqueued since. What follows re-creates the jobs that no longer exist at all.
        var requeued = await abandoned.RequeueAsync(cancellationToken);
        if (requeued.Count > 0)
        {
            metrics.JobsRequeued(requeued.Count);
            logger.AbandonedJobsRequeued(requeued.Count, jobOptions.Value.InvisibilityTimeout, string.Join(", ", requeued.Take(20)));
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var overdue = time.GetUtcNow() - _options.LostJobGrace;

        var followUps = await db.FollowUps.AsNoTracking().Where(f => f.DoneAt == null && f.DueAt <= overdue).Select(f => new { f.Id, f.JobId }).ToListAsync(cancellationToken);
        foreach (var followUp in followUps.Where(f => !liveness.IsAlive(f.JobId)))
        {
            await db.SetFollowUpJobAsync(followUp.Id, jobs.FollowUp(followUp.Id), cancellationToken);
            logger.LostJobRecreated("follow-up", followUp.Id);
        }

        // One loop for every kind of helpdesk write: a case with owed effects and no live delivery job gets one.
        var owing = await db.Cases.AsNoTracking()
            .Where(c => db.OwedEffects.Any(e => e.CaseId == c.Id && e.State == OwedEffectStates.Pending && e.CreatedAt <= overdue))
            .Select(c => new { c.Id, c.EffectsJobId }).ToListAsync(cancellationToken);
        foreach (var @case in owing.Where(c => !liveness.IsAlive(c.EffectsJobId)))
        {
            await db.SetEffectsJobAsync(@case.Id, jobs.DeliverEffects(@case.Id), cancellationToken);
            logger.LostJobRecreated("helpdesk delivery", @case.Id);
        }
    }
}
