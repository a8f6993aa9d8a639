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
        using var limiter = new VendorRateLimiter(requestsPerSecond: 1, dailyQuota: 2, time);
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
}
