using Hangfire;
using Hangfire.InMemory;
using Hangfire.States;
using RecoveryWorker.Polling;

namespace RecoveryWorker.Tests.Polling;

public sealed class JobLivenessTests : IDisposable
{
    private readonly InMemoryStorage _storage = new();

    public void Dispose() => _storage.Dispose();

    private BackgroundJobClient Client => new(_storage);

    [Fact]
    public void IsAlive_EnqueuedJob_ReturnsTrue() =>
        Assert.True(new JobLiveness(_storage).IsAlive(Client.Enqueue(() => Console.WriteLine("queued"))));

    [Fact]
    public void IsAlive_SucceededOrDeletedJob_ReturnsFalse()
    {
        var succeeded = Client.Enqueue(() => Console.WriteLine("done"));
        Client.ChangeState(succeeded, new SucceededState(null, 1, 1));
        var deleted = Client.Enqueue(() => Console.WriteLine("deleted"));
        Client.Delete(deleted);

        Assert.False(new JobLiveness(_storage).IsAlive(succeeded));
        Assert.False(new JobLiveness(_storage).IsAlive(deleted));
    }

    [Fact]
    public void IsAlive_UnknownOrNoJob_ReturnsFalse()
    {
        Assert.False(new JobLiveness(_storage).IsAlive("no-such-job"));
        Assert.False(new JobLiveness(_storage).IsAlive(null));
    }

    [Fact]
    public void IsAlive_FailedJob_ReturnsTrueSoTheSweepLeavesItToAnAdmin()
    {
        var failed = Client.Enqueue(() => Console.WriteLine("poison"));
        Client.ChangeState(failed, new FailedState(new InvalidOperationException("poison")));

        Assert.True(new JobLiveness(_storage).IsAlive(failed));
    }
}
