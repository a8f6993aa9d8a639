using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Domain.Cases;
using RecoveryWorker.FollowUps;
using RecoveryWorker.Storage;
using RecoveryWorker.Tickets;

namespace RecoveryWorker.Polling;

/// <summary>
/// One sweep: hands due shipments to the carriers in batches that fit each carrier's API (one Hangfire job per
/// batch, never one per shipment), and re-creates ticket and follow-up jobs the store says are owed but Hangfire
/// no longer has (an in-memory queue lost in a restart). The store is the truth; the queue is a cache of it.
/// </summary>
internal sealed class Sweeper(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    CarrierTrackers trackers,
    IBackgroundJobClient jobs,
    JobLiveness liveness,
    IOptions<PollingOptions> options,
    TimeProvider time,
    ILogger<Sweeper> logger)
{
    private readonly PollingOptions _options = options.Value;

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        await EnqueueDueShipmentsAsync(cancellationToken);
        await RecreateLostWorkAsync(cancellationToken);
    }

    private async Task EnqueueDueShipmentsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var due = await db.Shipments
            .Where(s => s.NextCheckAt != null && s.NextCheckAt <= now && (s.CheckLeaseUntil == null || s.CheckLeaseUntil <= now))
            .OrderBy(s => s.NextCheckAt)
            .Take(_options.MaxShipmentsPerSweep)
            .ToListAsync(cancellationToken);

        var batches = new List<(string Carrier, Guid[] Ids)>();
        foreach (var group in due.GroupBy(s => s.Carrier))
        {
            if (!CarrierCodes.TryParse(group.Key, out var carrier) || trackers.Find(carrier) is not { } tracker)
            {
                logger.NoTracker(group.Key, group.Count());
                foreach (var shipment in group)
                {
                    shipment.NextCheckAt = now + _options.Interval; // kept, not lost: checked again once a tracker exists
                }

                continue;
            }

            foreach (var chunk in group.Chunk(tracker.MaxBatchSize))
            {
                foreach (var shipment in chunk)
                {
                    shipment.CheckLeaseUntil = now + _options.CheckLease;
                }

                batches.Add((group.Key, [.. chunk.Select(s => s.Id)]));
            }
        }

        // Lease first, then enqueue: a crash in between leaves leases that expire, never an unleased double batch.
        await db.SaveChangesAsync(cancellationToken);
        foreach (var (carrier, ids) in batches)
        {
            jobs.Enqueue<TrackBatchJob>(j => j.RunAsync(carrier, ids, CancellationToken.None));
        }

        var enqueued = batches.Sum(b => b.Ids.Length);
        if (enqueued > 0)
        {
            logger.SweepEnqueued(batches.Count, enqueued);
        }
    }

    private async Task RecreateLostWorkAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var overdue = time.GetUtcNow() - _options.LostJobGrace;

        var followUps = await db.FollowUps.AsNoTracking().Where(f => f.DoneAt == null && f.DueAt <= overdue).Select(f => new { f.Id, f.JobId }).ToListAsync(cancellationToken);
        foreach (var followUp in followUps.Where(f => !liveness.IsAlive(f.JobId, _options.CheckLease)))
        {
            await db.SetFollowUpJobAsync(followUp.Id, jobs.Enqueue<FollowUpCheckJob>(j => j.RunAsync(followUp.Id, CancellationToken.None)), cancellationToken);
            logger.LostJobRecreated("follow-up", followUp.Id);
        }

        var waiting = new[] { nameof(CaseStatus.Detected), nameof(CaseStatus.TicketPending) };
        var cases = await db.Cases.AsNoTracking().Where(c => waiting.Contains(c.Status) && c.TicketClaim != TicketClaim.Rejected && c.UpdatedAt <= overdue).Select(c => new { c.Id, c.TicketJobId }).ToListAsync(cancellationToken);
        foreach (var @case in cases.Where(c => !liveness.IsAlive(c.TicketJobId, _options.CheckLease)))
        {
            await db.SetTicketJobAsync(@case.Id, jobs.Enqueue<OpenTicketJob>(j => j.RunAsync(@case.Id, CancellationToken.None)), cancellationToken);
            logger.LostJobRecreated("ticket", @case.Id);
        }
    }
}
