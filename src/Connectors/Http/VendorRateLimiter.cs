namespace RecoveryWorker.Connectors.Http;

/// <summary>
/// One vendor's budget in this process (a carrier or a helpdesk): requests per second, a daily quota, and after a 429 no request at all until
/// its Retry-After has passed. Shared by every call to the vendor, token requests and retries included.
/// </summary>
public sealed class VendorRateLimiter
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private readonly TimeSpan _spacing;
    private readonly int _perWindow;
    private readonly int _dailyQuota;
    private readonly TimeProvider _time;
    private readonly TimeProvider _rateClock;
    private readonly Lock _gate = new();
    private readonly Queue<DateTimeOffset> _recentSlots = new();
    private readonly Queue<DateTimeOffset> _recentSends = new();
    private DateTimeOffset _lastSlot = DateTimeOffset.MinValue;
    private DateTimeOffset _lastSend = DateTimeOffset.MinValue;
    private DateOnly _quotaDay;
    private int _usedToday;
    private DateTimeOffset _blockedUntil;

    /// <param name="time">The clock of Retry-After blocks and the daily quota (the worker's clock, which tests move).</param>
    /// <param name="rateClock">
    /// The clock requests are spaced on, <paramref name="time"/> when null. Spacing is a network duration: the host
    /// passes the real clock, so a test that moves the worker's clock by hours does not stall every vendor call.
    /// </param>
    public VendorRateLimiter(double requestsPerSecond, int dailyQuota, TimeProvider time, TimeProvider? rateClock = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requestsPerSecond);
        _time = time;
        _rateClock = rateClock ?? time;
        _dailyQuota = dailyQuota;

        // Vendors count requests per one-second window wherever it starts, so each request gets a slot of its own:
        // at least 1/rps after the previous one (an even rate, no bursts), and at least a second after the one
        // floor(rps) requests before it (so 2.5/s never puts 3 requests in one second). A token bucket refilled by
        // a timer lets a stored token and a fresh one go out back to back: 6 calls within 0.9 s at 5/s.
        _spacing = TimeSpan.FromSeconds(1 / requestsPerSecond);
        _perWindow = Math.Max(1, (int)Math.Floor(requestsPerSecond));
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
        DateTimeOffset? slot = null;
        while (true)
        {
            TimeSpan wait;
            TimeProvider clock;
            lock (_gate)
            {
                var now = _time.GetUtcNow();
                if (_blockedUntil > now)
                {
                    // Checked again after every wait: a 429 may have come while this caller waited for its slot.
                    // The slot is given up (the window stays conservative) and a new one is taken after the block.
                    wait = _blockedUntil - now;
                    if (wait > maxWait)
                    {
                        return wait;
                    }

                    slot = null;
                    clock = _time;
                }
                else if (UntilQuotaResets(now) is { } quotaWait)
                {
                    return quotaWait;
                }
                else
                {
                    var instant = _rateClock.GetUtcNow();
                    slot ??= Reserve(instant);
                    wait = Max(slot.Value, NextSend()) - instant;
                    if (wait <= TimeSpan.Zero)
                    {
                        // Counted only now, when the request goes out: a caller turned away never used the quota.
                        _usedToday++;
                        Sent(instant);
                        return null;
                    }

                    clock = _rateClock;
                }
            }

            await Task.Delay(wait, clock, cancellationToken);
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

    /// <summary>A slot in arrival order, so callers take turns instead of racing for each opening.</summary>
    private DateTimeOffset Reserve(DateTimeOffset now)
    {
        var slot = Max(now, _lastSlot + _spacing);
        if (_recentSlots.Count == _perWindow)
        {
            slot = Max(slot, _recentSlots.Dequeue() + Window);
        }

        _recentSlots.Enqueue(slot);
        _lastSlot = slot;
        return slot;
    }

    /// <summary>
    /// The same rule on the instants requests really went out: callers that woke late (a busy thread pool) must
    /// not go out together once their slots have all passed.
    /// </summary>
    private DateTimeOffset NextSend() =>
        Max(_lastSend + _spacing, _recentSends.Count == _perWindow ? _recentSends.Peek() + Window : DateTimeOffset.MinValue);

    private void Sent(DateTimeOffset now)
    {
        if (_recentSends.Count == _perWindow)
        {
            _recentSends.Dequeue();
        }

        _recentSends.Enqueue(now);
        _lastSend = now;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private TimeSpan? UntilQuotaResets(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (today != _quotaDay)
        {
            _quotaDay = today;
            _usedToday = 0;
        }

        return _dailyQuota > 0 && _usedToday >= _dailyQuota
            ? today.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - now.UtcDateTime
            : null;
    }
}
