using System.Threading.RateLimiting;

namespace RecoveryWorker.Connectors.Http;

/// <summary>
/// One vendor's budget in this process (a carrier or a helpdesk): requests per second, a daily quota, and after a 429 no request at all until
/// its Retry-After has passed. Shared by every call to the vendor, token requests and retries included.
/// </summary>
public sealed class VendorRateLimiter : IDisposable
{
    private readonly TokenBucketRateLimiter _perSecond;
    private readonly int _dailyQuota;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private DateOnly _quotaDay;
    private int _usedToday;
    private DateTimeOffset _blockedUntil;

    public VendorRateLimiter(double requestsPerSecond, int dailyQuota, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _dailyQuota = dailyQuota;

        // One token every 1/rps seconds and no stored burst: in any one-second window the carrier sees at most
        // rps requests (+1 at the window's edge). A bucket refilled a second's worth at a time would allow twice that.
        _perSecond = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = 1,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1 / requestsPerSecond),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    /// <summary>The moment before which no request may go out (a 429's Retry-After), if it is in the future.</summary>
    public DateTimeOffset? BlockedUntil
    {
        get
        {
            lock (_gate)
            {
                return _blockedUntil > _time.GetUtcNow() ? _blockedUntil : null;
            }
        }
    }

    /// <summary>Waits for a slot; null when a request may go out, else how long the caller should come back after.</summary>
    public async Task<TimeSpan?> AcquireAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (BlockedUntil is { } blocked)
            {
                var wait = blocked - _time.GetUtcNow();
                if (wait > maxWait)
                {
                    return wait;
                }

                await Task.Delay(wait, _time, cancellationToken);
            }

            using var lease = await _perSecond.AcquireAsync(1, cancellationToken);

            // A 429 may have come while this caller was queued: it must not go out before the Retry-After either.
            if (BlockedUntil is not null)
            {
                continue;
            }

            // Counted only now, when the request goes out: a caller turned away above never used the quota.
            lock (_gate)
            {
                var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
                if (today != _quotaDay)
                {
                    _quotaDay = today;
                    _usedToday = 0;
                }

                if (_dailyQuota > 0 && _usedToday >= _dailyQuota)
                {
                    return today.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - _time.GetUtcNow().UtcDateTime;
                }

                _usedToday++;
            }

            return null;
        }
    }

    /// <summary>The carrier said 429: nobody in this process calls it again before <paramref name="retryAfter"/> has passed.</summary>
    public void BlockFor(TimeSpan retryAfter)
    {
        lock (_gate)
        {
            var until = _time.GetUtcNow() + retryAfter;
            if (until > _blockedUntil)
            {
                _blockedUntil = until;
            }
        }
    }

    public void Dispose() => _perSecond.Dispose();
}
