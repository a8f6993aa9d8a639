using System.Diagnostics;
using Microsoft.Extensions.Options;
using RecoveryWorker.Jobs.Hangfire;

namespace RecoveryWorker.Operations;

/// <summary>
/// Says in the log when a stop begins (SIGTERM from Docker or Kubernetes, Ctrl+C) and that it ended cleanly, so an
/// operator can tell a graceful stop from a kill: a log that has the first line and not the second was cut off.
/// </summary>
internal sealed class ShutdownLog(
    IHostApplicationLifetime lifetime,
    IOptions<HostOptions> host,
    IOptions<JobsOptions> jobs,
    ILogger<ShutdownLog> logger) : IHostedService
{
    private long _stoppingAt;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(() =>
        {
            // Machine time, not business time: the clock the rest of the worker reads may be a test's fake.
            _stoppingAt = Stopwatch.GetTimestamp();
            logger.Stopping(jobs.Value.StopTimeout, host.Value.ShutdownTimeout);
        });
        lifetime.ApplicationStopped.Register(() =>
        {
            var elapsed = Stopwatch.GetElapsedTime(_stoppingAt);
            logger.Stopped(elapsed);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
