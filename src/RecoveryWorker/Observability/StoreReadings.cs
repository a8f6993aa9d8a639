using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RecoveryWorker.Polling;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Observability;

/// <summary>
/// What the gauges show, read from the store: a few indexed counts, taken at most once per
/// <see cref="MetricsOptions.StoreReadingsFor"/> however often (and by however many scrapers) the metrics are read.
/// </summary>
internal sealed class StoreReadings(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    IOptions<MetricsOptions> options,
    IOptions<PollingOptions> polling,
    TimeProvider time,
    ILogger<StoreReadings> logger)
{
    private readonly Lock _gate = new();
    private Reading? _last;

    /// <summary>The latest reading, taken now if the last one is older than the cache allows.</summary>
    public Reading Read()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_last is { } last && now - last.At < options.Value.StoreReadingsFor && now >= last.At)
            {
                return last;
            }

            try
            {
                _last = Take(now);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The scrape still answers (counters, runtime); the gauges keep their last values until the store is back.
                logger.StoreReadingFailed(ex);
                _last ??= new Reading(now, [], 0, 0, 0, 0);
            }

            return _last;
        }
    }

    public IEnumerable<Measurement<long>> WatchedByStatus() =>
        Read().Watched.Select(w => new Measurement<long>(w.Count, new KeyValuePair<string, object?>("status", w.Status)));

    // Gauge callbacks are synchronous (System.Diagnostics.Metrics); the cache keeps these queries rare.
    private Reading Take(DateTimeOffset now)
    {
        using var db = dbFactory.CreateDbContext();
        var watched = db.Shipments.AsNoTracking().Where(s => s.NextCheckAt != null)
            .GroupBy(s => s.TrackingStatus).Select(g => new { Status = g.Key, Count = g.LongCount() }).ToList()
            .Select(g => (Status: g.Status ?? "Unchecked", g.Count)).ToList();
        var pending = db.OwedEffects.AsNoTracking().Where(e => e.State == OwedEffectStates.Pending);
        var pendingCount = pending.LongCount();
        var oldest = pendingCount == 0 ? (DateTimeOffset?)null : pending.OrderBy(e => e.CreatedAt).Select(e => (DateTimeOffset?)e.CreatedAt).FirstOrDefault();
        var open = db.FollowUps.AsNoTracking().Where(f => f.DoneAt == null);
        var overdueBefore = now - polling.Value.LostJobGrace;
        var due = open.LongCount(f => f.DueAt <= now);
        var overdue = open.LongCount(f => f.DueAt <= overdueBefore);
        var age = oldest is { } at && at < now ? (now - at).TotalSeconds : 0;
        var cases = db.Cases.AsNoTracking().Where(c => c.ResolvedAt == null)
            .GroupBy(c => c.Status).Select(g => new { Status = g.Key, Count = g.LongCount() }).ToList()
            .Select(g => (g.Status, g.Count)).ToList();
        return new Reading(now, watched, pendingCount, age, due, overdue) { OpenCases = cases };
    }

    /// <summary>One reading of the store.</summary>
    internal sealed record Reading(DateTimeOffset At, IReadOnlyList<(string Status, long Count)> Watched, long PendingEffects, double OldestPendingEffectAge, long FollowUpsDue, long FollowUpsOverdue)
    {
        /// <summary>Cases not resolved, by status.</summary>
        public IReadOnlyList<(string Status, long Count)> OpenCases { get; init; } = [];
    }
}
