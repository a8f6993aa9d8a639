using Microsoft.EntityFrameworkCore;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Observability;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Polling;

/// <summary>
/// Keeps watched parcels subscribed to their carrier's push (UPS Track Alert): parcels never subscribed, or whose
/// subscription ends within the carrier's renewal margin, are sent in calls of the carrier's size; the ones it takes
/// are marked <see cref="ShipmentRecord.PushSubscribedUntil"/> (and from their next check on are polled rarely), the
/// ones it refuses stay polled as before and are offered again a day later. A failed call (an outage, credentials)
/// stops the round for that carrier and backs off, doubling up to an hour; the parcels simply wait, still polled.
/// Runs on one replica at a time (a Quartz job that disallows concurrent runs, clustered on PostgreSQL); were two to
/// overlap, a parcel would be subscribed twice, which UPS takes as a renewal.
/// </summary>
internal sealed class PushSubscriptions(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    IEnumerable<IPushSubscriber> subscribers,
    PushSubscriptionState state,
    RecoveryMetrics metrics,
    TimeProvider time,
    ILogger<PushSubscriptions> logger)
{
    /// <summary>Shipments read per query; each page becomes calls of the carrier's size.</summary>
    private const int PageSize = 1_000;

    /// <summary>Returns how many parcels were subscribed (or renewed) in this round.</summary>
    public async Task<int> SubscribeDueAsync(CancellationToken cancellationToken)
    {
        var subscribed = 0;
        foreach (var subscriber in subscribers.Where(s => s.Enabled))
        {
            if (state.NotBefore(subscriber.Carrier) is { } notBefore && notBefore > time.GetUtcNow())
            {
                var carrier = subscriber.Carrier.ToWireName();
                logger.PushSubscriptionWaiting(carrier, notBefore);
                continue;
            }

            subscribed += await SubscribeCarrierAsync(subscriber, cancellationToken);
        }

        return subscribed;
    }

    private async Task<int> SubscribeCarrierAsync(IPushSubscriber subscriber, CancellationToken cancellationToken)
    {
        var carrier = subscriber.Carrier.ToWireName();
        var subscribed = 0;
        Guid? after = null;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        while (true)
        {
            var now = time.GetUtcNow();
            var renewBy = now + subscriber.RenewBefore;
            var query = db.Shipments.AsNoTracking()
                .Where(s => s.Carrier == carrier && s.NextCheckAt != null && (s.PushSubscribedUntil == null || s.PushSubscribedUntil <= renewBy));
            if (after is { } last)
            {
                query = query.Where(s => s.Id.CompareTo(last) > 0);
            }

            // Keyset pages by id: parcels the carrier cannot take (or refused) do not hold the next ones back.
            var page = await query.OrderBy(s => s.Id).Select(s => new { s.Id, s.TrackingNumber }).Take(PageSize).ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            after = page[^1].Id;
            var due = page
                .Select(s => (s.Id, Number: s.TrackingNumber.Trim().ToUpperInvariant()))
                .Where(s => subscriber.Accepts(s.Number) && !state.RecentlyRefused(subscriber.Carrier, s.Number, now))
                .ToList();
            foreach (var call in due.Chunk(subscriber.MaxBatchSize))
            {
                var answer = await subscriber.SubscribeAsync([.. call.Select(c => c.Number).Distinct(StringComparer.Ordinal)], cancellationToken);
                now = time.GetUtcNow();
                if (answer.Error is { } error)
                {
                    metrics.PushSubscription(subscriber.Carrier, 0, call.Length, error.Kind);
                    var failures = state.Failed(subscriber.Carrier, now, out var retryAt);
                    logger.PushSubscriptionFailed(carrier, error.Kind.ToString(), error.Message, call.Length, retryAt, failures);
                    return subscribed;
                }

                state.Succeeded(subscriber.Carrier);
                var result = answer.Value!;
                var taken = result.Subscribed.ToHashSet(StringComparer.Ordinal);
                var ids = call.Where(c => taken.Contains(c.Number)).Select(c => c.Id).ToList();
                var until = now + subscriber.SubscriptionLifetime;
                if (ids.Count > 0)
                {
                    await db.Shipments.Where(s => ids.Contains(s.Id))
                        .ExecuteUpdateAsync(s => s.SetProperty(x => x.PushSubscribedUntil, until), cancellationToken);
                    subscribed += ids.Count;
                }

                metrics.PushSubscription(subscriber.Carrier, ids.Count, result.Refused.Count, error: null);
                if (result.Refused.Count > 0)
                {
                    state.Refused(subscriber.Carrier, result.Refused, now);
                    logger.PushRefused(carrier, result.Refused.Count, result.Codes ?? "none", string.Join(", ", result.Refused.Take(5)), PushSubscriptionState.RefusedRetryAfter);
                }

                logger.PushSubscribed(carrier, ids.Count, until, result.Refused.Count);
            }

            if (page.Count < PageSize)
            {
                break;
            }
        }

        return subscribed;
    }
}

/// <summary>
/// What one process remembers between rounds: per carrier, the failures in a row (for the backoff) and the numbers it
/// refused lately. Memory only: after a restart a refused number is offered once more, which costs one call.
/// </summary>
internal sealed class PushSubscriptionState
{
    /// <summary>A refused number is offered again after this long (UPS may not know a fresh label yet).</summary>
    public static readonly TimeSpan RefusedRetryAfter = TimeSpan.FromDays(1);

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<CarrierCode, (int Failures, DateTimeOffset NotBefore)> _backoff = [];
    private readonly Dictionary<(CarrierCode, string), DateTimeOffset> _refused = [];

    public DateTimeOffset? NotBefore(CarrierCode carrier)
    {
        lock (_gate)
        {
            return _backoff.TryGetValue(carrier, out var b) ? b.NotBefore : null;
        }
    }

    /// <summary>Counts a failed call; returns the failures in a row and when the next round may call again.</summary>
    public int Failed(CarrierCode carrier, DateTimeOffset now, out DateTimeOffset retryAt)
    {
        lock (_gate)
        {
            var failures = (_backoff.TryGetValue(carrier, out var b) ? b.Failures : 0) + 1;
            var wait = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, FirstBackoff.Ticks << Math.Min(failures - 1, 20)));
            retryAt = now + wait;
            _backoff[carrier] = (failures, retryAt);
            return failures;
        }
    }

    public void Succeeded(CarrierCode carrier)
    {
        lock (_gate)
        {
            _backoff.Remove(carrier);
        }
    }

    public void Refused(CarrierCode carrier, IEnumerable<string> numbers, DateTimeOffset now)
    {
        lock (_gate)
        {
            foreach (var number in numbers)
            {
                _refused[(carrier, number)] = now + RefusedRetryAfter;
            }

            // Forget what has expired, so the memory stays the size of one day's refusals.
            foreach (var key in _refused.Where(r => r.Value <= now).Select(r => r.Key).ToList())
            {
                _refused.Remove(key);
            }
        }
    }

    public bool RecentlyRefused(CarrierCode carrier, string number, DateTimeOffset now)
    {
        lock (_gate)
        {
            return _refused.TryGetValue((carrier, number), out var until) && until > now;
        }
    }
}
