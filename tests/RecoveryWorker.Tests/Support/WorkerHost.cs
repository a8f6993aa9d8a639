using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Polling;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Tests.Support;

/// <summary>
/// The real service in-process: real SQLite file, real Hangfire (in memory), sandbox carrier reading a file, local
/// helpdesk, and a fake clock. Quartz and the Hangfire server are off, so a test decides when the sweep runs and
/// executes exactly the jobs Hangfire stored, arguments round-tripped through Hangfire's own serialization.
/// Several hosts can share one <see cref="WorkerFolder"/> to act as restarts of the same deployment.
/// </summary>
internal sealed class WorkerHost : WebApplicationFactory<Program>
{
    private readonly WorkerFolder _folder;
    private readonly Dictionary<string, string?> _settings;
    private readonly HashSet<string> _ran = [];
    private readonly string _environment;

    /// <summary>A host in <paramref name="environment"/>; a setting given as null removes one of the test defaults.</summary>
    public WorkerHost(WorkerFolder folder, FakeTimeProvider time, Dictionary<string, string?>? settings = null, string environment = "Testing")
    {
        _folder = folder;
        Time = time;
        _environment = environment;
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:RecoveryWorker"] = $"Data Source={folder.Database}",
            ["Carriers:Sandbox:Enabled"] = "true",
            ["Carriers:Sandbox:TrackingFile"] = folder.TrackingFile,
            ["Polling:Enabled"] = "false",
            ["Jobs:RunServer"] = "false",
            ["Demo:Seed"] = "false",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in TestAccess.Settings)
        {
            _settings[key] = value;
        }

        foreach (var (key, value) in settings ?? [])
        {
            if (value is null)
            {
                _settings.Remove(key);
            }
            else
            {
                _settings[key] = value;
            }
        }
    }

    public FakeTimeProvider Time { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Time));
    }

    /// <summary>Clients call as a program with an API key holding every scope, unless a test says otherwise.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        TestAccess.Authorize(client);
    }

    public async Task<JsonNode> PostShipmentAsync(object shipment, System.Net.HttpStatusCode expected = System.Net.HttpStatusCode.Created)
    {
        using var client = CreateClient();
        using var response = await client.PostAsJsonAsync("/api/shipments", shipment);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {expected}, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    public async Task<JsonArray> GetArrayAsync(string path)
    {
        using var client = CreateClient();
        return (JsonNode.Parse(await client.GetStringAsync(path)) as JsonArray)!;
    }

    public async Task<JsonNode> GetAsync(string path)
    {
        using var client = CreateClient();
        return JsonNode.Parse(await client.GetStringAsync(path))!;
    }

    public async Task SweepAsync()
    {
        using var scope = Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<Sweeper>().SweepAsync(CancellationToken.None);
    }

    /// <summary>Sweeps, then runs enqueued jobs (and the jobs they enqueue) until none is left.</summary>
    public async Task SweepAndRunAsync()
    {
        await SweepAsync();
        await RunEnqueuedAsync();
    }

    /// <summary>Advances the fake clock in steps, sweeping and running jobs at each, as the real service would.</summary>
    public async Task RunForAsync(TimeSpan duration, TimeSpan step)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += step)
        {
            Time.Advance(step);
            await SweepAndRunAsync();
        }
    }

    public async Task<int> RunEnqueuedAsync(int max = int.MaxValue)
    {
        // The in-memory queue keeps ids it handed to no worker; the job's state says whether it still waits.
        var ran = 0;
        while (ran < max && Jobs(m => m.EnqueuedJobs("default", 0, 1000).Where(j => j.Value.InEnqueuedState && !_ran.Contains(j.Key)).Select(j => j.Key)).FirstOrDefault() is { } jobId)
        {
            _ran.Add(jobId);
            await RunJobAsync(jobId);
            ran++;
        }

        return ran;
    }

    /// <summary>
    /// Runs the enqueued jobs several at a time, as a Hangfire server with several workers would, until none is left.
    /// A failing job is recorded as failed (Hangfire's retry filter schedules it again) and counted, not thrown.
    /// </summary>
    public async Task<int> RunEnqueuedConcurrentlyAsync(int parallelism)
    {
        var failures = 0;
        while (Jobs(m => m.EnqueuedJobs("default", 0, 1000).Where(j => j.Value.InEnqueuedState && !_ran.Contains(j.Key)).Select(j => j.Key)).ToList() is { Count: > 0 } batch)
        {
            failures += await RunAllAsync(batch, parallelism);
        }

        return failures;
    }

    /// <summary>
    /// Runs every scheduled job of one kind now, whatever its time: Hangfire's automatic retries are scheduled on the
    /// real clock, which the fake clock of a test never reaches. A retry keeps its job id, so jobs that ran before run
    /// again. Failures are recorded and counted, not thrown.
    /// </summary>
    public async Task<int> RunScheduledNowAsync(string jobType, int parallelism = 1)
    {
        var batch = Jobs(m => m.ScheduledJobs(0, 1000).Where(j => j.Value.InScheduledState && j.Value.Job.Type.Name == jobType).Select(j => j.Key)).ToList();
        return await RunAllAsync(batch, parallelism);
    }

    /// <summary>Runs the jobs, up to <paramref name="parallelism"/> at once; returns how many failed.</summary>
    private async Task<int> RunAllAsync(List<string> jobIds, int parallelism)
    {
        var failures = 0;
        jobIds.ForEach(id => _ran.Add(id));
        await Parallel.ForEachAsync(jobIds, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (jobId, _) =>
        {
            try
            {
                await RunJobAsync(jobId);
            }
            catch (Exception)
            {
                Interlocked.Increment(ref failures);
            }
        });
        return failures;
    }

    /// <summary>Runs the scheduled jobs (follow-ups) that are due by the fake clock, as Hangfire's scheduler would.</summary>
    public async Task<int> RunDueScheduledAsync()
    {
        var now = Time.GetUtcNow().UtcDateTime;
        var due = Jobs(m => m.ScheduledJobs(0, 1000).Where(j => j.Value.InScheduledState && j.Value.EnqueueAt <= now && !_ran.Contains(j.Key)).Select(j => j.Key)).ToList();
        foreach (var jobId in due)
        {
            _ran.Add(jobId);
            await RunJobAsync(jobId);
        }

        return due.Count + await RunEnqueuedAsync();
    }

    public IReadOnlyList<(string Id, string Method, string State)> AllJobs()
    {
        using var connection = Services.GetRequiredService<JobStorage>().GetConnection();
        var monitoring = Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var ids = monitoring.EnqueuedJobs("default", 0, 1000).Select(j => j.Key)
            .Concat(monitoring.ScheduledJobs(0, 1000).Select(j => j.Key))
            .Concat(monitoring.SucceededJobs(0, 1000).Select(j => j.Key))
            .Concat(monitoring.FailedJobs(0, 1000).Select(j => j.Key));
        return [.. ids.Distinct().Select(id => (Id: id, Data: connection.GetJobData(id))).Where(j => j.Data is not null)
            .Select(j => (j.Id, Method: j.Data!.Job.Type.Name + "." + j.Data.Job.Method.Name, State: j.Data.State))];
    }

    public async Task<T> QueryAsync<T>(Func<RecoveryDbContext, Task<T>> query)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<RecoveryDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    private T Jobs<T>(Func<Hangfire.Storage.IMonitoringApi, T> read) => read(Services.GetRequiredService<JobStorage>().GetMonitoringApi());

    private async Task RunJobAsync(string jobId)
    {
        var storage = Services.GetRequiredService<JobStorage>();
        Job job;
        using (var connection = storage.GetConnection())
        {
            job = connection.GetJobData(jobId)?.Job ?? throw new InvalidOperationException($"Job {jobId} has no data.");
        }

        var client = Services.GetRequiredService<IBackgroundJobClient>();
        using var scope = Services.CreateScope();
        var instance = ActivatorUtilities.GetServiceOrCreateInstance(scope.ServiceProvider, job.Type);
        var args = job.Args.Select(a => a is CancellationToken ? CancellationToken.None : a).ToArray();
        try
        {
            await (Task)job.Method.Invoke(instance, args)!;
        }
        catch (Exception ex)
        {
            client.ChangeState(jobId, new FailedState(ex));
            throw;
        }

        client.ChangeState(jobId, new SucceededState(null, 0, 0));
    }
}

/// <summary>A deployment's files: the SQLite database and the sandbox tracking file. Deleted on dispose.</summary>
internal sealed class WorkerFolder : IDisposable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("rw-worker-");

    public string Root => _root.FullName;

    public string Database => Path.Combine(_root.FullName, "recoveryworker.db");

    public string TrackingFile => Path.Combine(_root.FullName, "tracking.json");

    /// <summary>Writes the sandbox file; bumps the write time so the tracker sees every rewrite.</summary>
    public void WriteTracking(object content)
    {
        File.WriteAllText(TrackingFile, JsonSerializer.Serialize(content, Indented));
        File.SetLastWriteTimeUtc(TrackingFile, File.GetLastWriteTimeUtc(TrackingFile).AddSeconds(Interlocked.Increment(ref _writes)));
    }

    private static int _writes;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _root.Delete(recursive: true);
    }
}
