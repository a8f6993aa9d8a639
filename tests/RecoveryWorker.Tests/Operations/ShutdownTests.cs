using RecoveryWorker.Tests.Support;

namespace RecoveryWorker.Tests.Operations;

/// <summary>
/// What `docker stop` does to the worker: SIGTERM, then SIGKILL after the grace period. The worker must be gone well
/// before that, with exit code 0, having said in its log that it stopped taking work and that it stopped cleanly.
/// </summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Sigterm_RunningWorker_ExitsZeroWithinTheShutdownTimeoutAndLogsTheStop()
    {
        using var folder = new WorkerFolder();
        await using var worker = WorkerProcess.Start("sigterm", new Dictionary<string, string?>
        {
            ["ConnectionStrings:RecoveryWorker"] = $"Data Source={folder.Database}",
            ["Carriers:Sandbox:TrackingFile"] = folder.TrackingFile,
            ["Polling:SweepInterval"] = "00:00:01",
        });
        await worker.WaitUntilReadyAsync(TimeSpan.FromMinutes(1));

        var exitCode = await worker.TerminateAsync(TimeSpan.FromSeconds(30));

        Assert.True(exitCode == 0, $"exit code {exitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none: still running after 30 s"}\n{worker.Tail()}");
        var lines = worker.Lines;
        var stopping = lines.ToList().FindIndex(l => l.Contains("|INF|Stopping: no new requests or jobs are taken", StringComparison.Ordinal));
        var stopped = lines.ToList().FindIndex(l => l.Contains("|INF|Stopped cleanly in", StringComparison.Ordinal));
        Assert.True(stopping >= 0 && stopped > stopping, worker.Tail());
        Assert.DoesNotContain(lines, l => l.Contains("|FTL|", StringComparison.Ordinal) || l.Contains("|ERR|", StringComparison.Ordinal));
    }
}
