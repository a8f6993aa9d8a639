using System.Net;
using System.Reflection;
using Hangfire;
using Hangfire.Server;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Access;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Jobs.Hangfire;
using RecoveryWorker.Polling;

namespace RecoveryWorker.Harness;

/// <summary>
/// The real service in-process (WebApplicationFactory, like the tests' WorkerHost): real storage (SQLite file or
/// PostgreSQL), real Hangfire storage (in memory or PostgreSQL, as the settings choose), the local helpdesk, a fake
/// clock and the <see cref="SimulatedCarrier"/>. Quartz and the Hangfire server are off: the harness sweeps when the
/// Quartz trigger would fire, and runs the jobs Hangfire stored with as many workers as the server would have. The
/// pipeline is touched only through HTTP intake, <see cref="Sweeper.SweepAsync"/> and Hangfire's own storage (no
/// job class is named here), so it measures whatever the pipeline currently is.
/// </summary>
internal sealed class ServiceHost : WebApplicationFactory<global::Program>
{
    private readonly Dictionary<string, string?> _settings;
    private long _jobsRun;
    private long _jobsFailed;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);

    public ServiceHost(FakeTimeProvider time, SimulatedCarrier carrier, Dictionary<string, string?> settings)
    {
        Time = time;
        Carrier = carrier;
        _settings = new Dictionary<string, string?>
        {
            ["Polling:Enabled"] = "false",
            ["Jobs:RunServer"] = "false",
            ["Demo:Seed"] = "false",
            ["Serilog:MinimumLevel:Default"] = "Error",
            ["Serilog:MinimumLevel:Override:Hangfire"] = "Error",
            ["Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime"] = "Error",
            // The service refuses to start without people and programs who may use it: one of each for this run.
            ["Auth:Users:harness:PasswordHash"] = new PasswordHasher<AccessUser>().HashPassword(new AccessUser(), Guid.NewGuid().ToString("N")),
            ["Auth:Users:harness:Role"] = Roles.Viewer,
            ["Auth:ApiKeys:harness:Hash"] = DevelopmentAccess.HashKey(ApiKey),
            ["Auth:ApiKeys:harness:Scopes:0"] = Scopes.ShipmentsWrite,
            ["Auth:ApiKeys:harness:Scopes:1"] = Scopes.CasesRead,
            // Intake is measured at full speed: the per-caller limit would measure the limiter instead.
            ["Limits:RequestsPerSecond"] = "100000",
            ["Limits:Burst"] = "100000",
        };
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }
    }

    public FakeTimeProvider Time { get; }

    /// <summary>This run's API key (shipments:write, cases:read), sent by every client of the host.</summary>
    private static readonly string ApiKey = DevelopmentAccess.NewApiKey();

    public SimulatedCarrier Carrier { get; }

    public long JobsRun => Interlocked.Read(ref _jobsRun);

    public long JobsFailed => Interlocked.Read(ref _jobsFailed);

    /// <summary>Failed jobs by job class and exception type, for the report.</summary>
    public IReadOnlyDictionary<string, int> Failures => _failures;

    /// <summary>How many jobs run at once: the Hangfire server's worker count in these settings.</summary>
    public int Workers => Services.GetRequiredService<IOptions<JobsOptions>>().Value.WorkerCount;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // The build output holds what a deployment holds (appsettings.json, config/templates): run from it, as published.
        builder.UseContentRoot(AppContext.BaseDirectory);
        builder.UseEnvironment("Benchmark");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.RemoveAll<ICarrierTracker>();
            services.AddSingleton<ICarrierTracker>(Carrier);
        });
    }

    protected override void ConfigureClient(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiKey);
    }

    /// <summary>Posts one JSON array of shipments to the real intake endpoint.</summary>
    public static async Task PostShipmentsAsync(HttpClient client, byte[] json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var content = new ByteArrayContent(json);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(new Uri("/api/shipments", UriKind.Relative), content, cancellationToken);
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
        {
            throw new InvalidOperationException($"POST /api/shipments answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    /// <summary>One sweep, as the Quartz trigger runs it.</summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        using var scope = Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<Sweeper>().SweepAsync(cancellationToken);
    }

    /// <summary>
    /// Runs Hangfire's work until none is left: scheduled jobs due by the fake clock are enqueued (as Hangfire's
    /// scheduler would), then <see cref="Workers"/> workers fetch and perform enqueued jobs from every queue (as
    /// Hangfire's workers would), again and again. Returns how many jobs ran.
    /// </summary>
    public async Task<long> DrainAsync(CancellationToken cancellationToken)
    {
        long total = 0;
        while (true)
        {
            var due = EnqueueDueScheduled();
            var ran = await RunEnqueuedAsync(cancellationToken);
            total += ran;
            if (due == 0 && ran == 0)
            {
                return total;
            }
        }
    }

    private JobStorage Storage => Services.GetRequiredService<JobStorage>();

    private int EnqueueDueScheduled()
    {
        var monitoring = Storage.GetMonitoringApi();
        var client = Services.GetRequiredService<IBackgroundJobClient>();
        var now = Time.GetUtcNow().UtcDateTime;
        var moved = 0;
        while (true)
        {
            // The schedule is ordered by due time: the first page holds every due job there is, or the next are not due.
            var due = monitoring.ScheduledJobs(0, 500).Where(j => j.Value is { InScheduledState: true } && j.Value.EnqueueAt <= now).Select(j => j.Key).ToList();
            if (due.Count == 0)
            {
                return moved;
            }

            foreach (var id in due)
            {
                client.ChangeState(id, new EnqueuedState(), ScheduledState.StateName);
                moved++;
            }
        }
    }

    private async Task<long> RunEnqueuedAsync(CancellationToken cancellationToken)
    {
        var monitoring = Storage.GetMonitoringApi();
        var queues = monitoring.Queues().Select(q => q.Name).DefaultIfEmpty(EnqueuedState.DefaultQueue).ToArray();
        long ran = 0;
        bool Waiting() => queues.Any(q => Storage.GetMonitoringApi().EnqueuedCount(q) > 0);
        await Parallel.ForEachAsync(Enumerable.Range(0, Workers), new ParallelOptions { MaxDegreeOfParallelism = Workers, CancellationToken = cancellationToken }, async (_, token) =>
        {
            while (Waiting())
            {
                IFetchedJob fetched;
                using (var fetchTimeout = CancellationTokenSource.CreateLinkedTokenSource(token))
                {
                    fetchTimeout.CancelAfter(TimeSpan.FromMilliseconds(250));
                    try
                    {
                        using var connection = Storage.GetConnection();
                        fetched = connection.FetchNextJob(queues, fetchTimeout.Token);
                    }
                    catch (OperationCanceledException) when (!token.IsCancellationRequested)
                    {
                        continue; // another worker took the last one
                    }
                }

                using (fetched)
                {
                    await PerformAsync(fetched.JobId, token);
                    fetched.RemoveFromQueue();
                }

                Interlocked.Increment(ref ran);
            }
        });
        return ran;
    }

    /// <summary>Performs one job as a Hangfire worker does: its type from DI in a scope, its stored arguments.</summary>
    private async Task PerformAsync(string jobId, CancellationToken cancellationToken)
    {
        JobData? data;
        using (var connection = Storage.GetConnection())
        {
            data = connection.GetJobData(jobId);
        }

        if (data?.Job is not { } job || data.State != EnqueuedState.StateName)
        {
            return; // deleted, or already performed by someone else
        }

        var client = Services.GetRequiredService<IBackgroundJobClient>();
        using var scope = Services.CreateScope();
        var instance = job.Method.IsStatic ? null : ActivatorUtilities.GetServiceOrCreateInstance(scope.ServiceProvider, job.Type);
        var args = job.Args.Select((a, i) => job.Method.GetParameters()[i].ParameterType switch
        {
            var t when t == typeof(CancellationToken) => cancellationToken,
            var t when t == typeof(IJobCancellationToken) => JobCancellationToken.Null,
            var t when t == typeof(PerformContext) => null,
            _ => a,
        }).ToArray();
        Interlocked.Increment(ref _jobsRun);
        try
        {
            if (job.Method.Invoke(instance, args) is Task task)
            {
                await task;
            }
        }
        catch (Exception ex)
        {
            // Recorded like Hangfire records it (its retry filter may schedule the job again), counted, not thrown.
            Interlocked.Increment(ref _jobsFailed);
            var cause = ex is TargetInvocationException { InnerException: { } inner } ? inner : ex;
            _failures.AddOrUpdate($"{job.Type.Name}: {cause.GetType().Name}", 1, (_, n) => n + 1);
            client.ChangeState(jobId, new FailedState(cause));
            return;
        }

        client.ChangeState(jobId, new SucceededState(null, 0, 0));
    }
}
