using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Jobs;
using RecoveryWorker.Jobs.Hangfire;
using RecoveryWorker.Tests.Support;
using static RecoveryWorker.Tests.Support.Parcels;

namespace RecoveryWorker.Tests.Jobs.Hangfire;

/// <summary>Hangfire.PostgreSql's queue as the replicas share it, on a real PostgreSQL.</summary>
public sealed class PostgresAbandonedJobsTests : IAsyncLifetime, IDisposable
{
    private static readonly string[] Queues = ["default"];
    private readonly WorkerFolder _folder = new();
    private string _database = "";

    public async Task InitializeAsync() => _database = await PostgresServer.Shared.CreateDatabaseAsync("abandoned");

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task RequeueAsync_JobOfADeadWorkerBehindFreshJobs_IsFetchedNextAndALiveOneIsLeftAlone()
    {
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(Start), new()
        {
            ["Storage:Provider"] = "Postgres",
            ["ConnectionStrings:RecoveryWorker"] = _database,
            ["Storage:MigrateOnStart"] = "true",
            ["Jobs:InvisibilityTimeout"] = "00:00:05",
        });
        var abandoned = host.Services.GetRequiredService<IAbandonedJobs>();
        Assert.IsType<PostgresAbandonedJobs>(abandoned);
        var storage = host.Services.GetRequiredService<JobStorage>();
        var client = new BackgroundJobClient(storage);
        using var connection = storage.GetConnection();

        // A replica took a job and was killed: no keep-alive for a minute, far past the 5 s invisibility timeout.
        var dead = client.Enqueue(() => Console.WriteLine("taken by a replica that died"));
        using var taken = connection.FetchNextJob(Queues, CancellationToken.None);
        Assert.Equal(dead, taken.JobId);
        await Production.CountAsync(_database, $"UPDATE hangfire.jobqueue SET fetchedat = NOW() - INTERVAL '1 minute' WHERE jobid = {dead} RETURNING 1");

        // Meanwhile the backlog grew. Hangfire hands out every job never fetched before the dead one (fetchedat NULLS FIRST).
        var first = client.Enqueue(() => Console.WriteLine("backlog 1"));
        var second = client.Enqueue(() => Console.WriteLine("backlog 2"));
        using var live = connection.FetchNextJob(Queues, CancellationToken.None);
        Assert.Equal(first, live.JobId);

        var requeued = await abandoned.RequeueAsync(CancellationToken.None);

        Assert.Equal([dead], requeued); // the job a live worker holds is left alone
        using var next = connection.FetchNextJob(Queues, CancellationToken.None);
        Assert.Equal(dead, next.JobId); // ahead of the backlog enqueued after it
        Assert.NotEqual(second, next.JobId);
    }
}
