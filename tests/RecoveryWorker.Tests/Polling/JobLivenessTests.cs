using Hangfire;
using Hangfire.InMemory;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Polling;

namespace RecoveryWorker.Tests.Polling;

public sealed class JobLivenessTests : IDisposable
{
    private static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(2);
    private readonly InMemoryStorage _storage = new();

    public void Dispose() => _storage.Dispose();

    private string Enqueue() => new BackgroundJobClient(_storage).Enqueue(() => Console.WriteLine("queued"));

    [Fact]
    public void IsAlive_EnqueuedLongerThanStaleAfterOnTheInjectedClock_ReturnsFalse()
    {
        var jobId = Enqueue();
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow() + StaleAfter + TimeSpan.FromMinutes(1));

        Assert.False(new JobLiveness(_storage, time).IsAlive(jobId, StaleAfter));
    }

    [Fact]
    public void IsAlive_EnqueuedShorterThanStaleAfterOnTheInjectedClock_ReturnsTrue()
    {
        var jobId = Enqueue();
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow() + TimeSpan.FromMinutes(1));

        Assert.True(new JobLiveness(_storage, time).IsAlive(jobId, StaleAfter));
    }
}
