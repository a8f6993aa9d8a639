using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Connectors.Http;

namespace RecoveryWorker.Connectors.Tests.Http;

public sealed class VendorRateLimiterTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AcquireAsync_429WhileQueued_TurnsTheQueuedCallerAwayWithoutUsingTheQuota()
    {
        var time = new FakeTimeProvider(Start);
        var limiter = new VendorRateLimiter(requestsPerSecond: 1, dailyQuota: 2, time);
        var maxWait = TimeSpan.FromSeconds(5);

        Assert.Null(await limiter.AcquireAsync(maxWait, CancellationToken.None));
        var queued = limiter.AcquireAsync(maxWait, CancellationToken.None);
        limiter.BlockFor(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(1));
        var queuedAnswer = await queued;
        time.Advance(TimeSpan.FromSeconds(30));
        var afterTheBlock = await limiter.AcquireAsync(maxWait, CancellationToken.None);

        Assert.NotNull(queuedAnswer);
        Assert.True(queuedAnswer > maxWait, $"told to come back after {queuedAnswer}");
        Assert.Null(afterTheBlock);
    }
    [Theory]
    [InlineData(5.0)]
    [InlineData(2.5)]
    [InlineData(0.5)]
    public void AcquireAsync_Burst_NoOneSecondWindowSeesMoreThanTheRate(double requestsPerSecond)
    {
        // The callers' continuations run inside FakeTimeProvider.Advance (no synchronization context to post to),
        // so each recorded instant is the fake time at which the limiter let the request go.
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            var time = new FakeTimeProvider(Start);
            var limiter = new VendorRateLimiter(requestsPerSecond, dailyQuota: 0, time);
            var sent = new List<DateTimeOffset>();
            var callers = new List<Task>();
            void Call(int count)
            {
                for (var i = 0; i < count; i++)
                {
                    callers.Add(limiter.AcquireAsync(TimeSpan.Zero, CancellationToken.None)
                        .ContinueWith(t => { lock (sent) { sent.Add(time.GetUtcNow()); } }, TaskContinuationOptions.ExecuteSynchronously));
                }
            }

            // A burst, more callers in the middle of it, and one after a pause, stepping the clock 10 ms at a time.
            var total = (int)Math.Ceiling(requestsPerSecond * 4);
            Call(total);
            var expectedSpan = TimeSpan.FromSeconds(3 * total / requestsPerSecond);
            for (var elapsed = TimeSpan.Zero; elapsed < expectedSpan && !callers.TrueForAll(c => c.IsCompleted); elapsed += TimeSpan.FromMilliseconds(10))
            {
                if (elapsed == TimeSpan.FromMilliseconds(550))
                {
                    Call(total / 2);
                }

                time.Advance(TimeSpan.FromMilliseconds(10));
            }

            Assert.True(callers.TrueForAll(c => c.IsCompleted), $"{callers.Count(c => !c.IsCompleted)} of {callers.Count} callers still waiting after {expectedSpan}");
            var limit = Math.Max(1, (int)Math.Floor(requestsPerSecond));
            var worst = sent.Select(start => sent.Count(t => t >= start && t < start + TimeSpan.FromSeconds(1))).Max();
            Assert.True(worst <= limit, $"{worst} requests within one second at {requestsPerSecond.ToString(CultureInfo.InvariantCulture)}/s: {string.Join(", ", sent.Order().Select(t => (t - Start).TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)))}");
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }
}
