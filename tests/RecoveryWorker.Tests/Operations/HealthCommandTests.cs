using System.Net;
using System.Net.Sockets;
using RecoveryWorker.Operations;
using RecoveryWorker.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace RecoveryWorker.Tests.Operations;

/// <summary>`RecoveryWorker health [URL]`: the container's HEALTHCHECK, since the runtime image has no curl.</summary>
public sealed class HealthCommandTests
{
    [Fact]
    public async Task TryRunAsync_AnotherCommand_LeavesItToTheOthers()
    {
        Assert.Null(await HealthCommand.TryRunAsync(["migrate"], TextWriter.Null, TextWriter.Null));
        Assert.Null(await HealthCommand.TryRunAsync([], TextWriter.Null, TextWriter.Null));
    }

    [Fact]
    public async Task TryRunAsync_NotAUrl_PrintsUsageAndExitsTwo()
    {
        using var error = new StringWriter();

        var exit = await HealthCommand.TryRunAsync(["health", "localhost"], TextWriter.Null, error);

        Assert.Equal(2, exit);
        Assert.Contains("usage: RecoveryWorker health [URL]", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryRunAsync_RunningWorker_ExitsZero()
    {
        using var folder = new WorkerFolder();
        await using var worker = WorkerProcess.Start("health", new Dictionary<string, string?>
        {
            ["ConnectionStrings:RecoveryWorker"] = $"Data Source={folder.Database}",
            ["Carriers:Sandbox:TrackingFile"] = folder.TrackingFile,
        });
        await worker.WaitUntilReadyAsync(TimeSpan.FromMinutes(1));
        using var output = new StringWriter();

        var exit = await HealthCommand.TryRunAsync(["health", new Uri(worker.BaseAddress, "/health/live").ToString()], output, TextWriter.Null);

        Assert.Equal(0, exit);
        Assert.Contains(": 200", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryRunAsync_WorkerAnswers503_ExitsOne()
    {
        using var server = WireMockServer.Start();
        server.Given(Request.Create().WithPath("/health/live")).RespondWith(Response.Create().WithStatusCode(503));
        using (var warmUp = new HttpClient())
        {
            // WireMock's first answer can take seconds on a busy machine; the command allows 3.
            using var first = await warmUp.GetAsync(server.Url + "/health/live");
        }

        using var error = new StringWriter();

        var exit = await HealthCommand.TryRunAsync(["health", server.Url + "/health/live"], TextWriter.Null, error);

        Assert.True(exit == 1 && error.ToString().Contains(": 503", StringComparison.Ordinal), $"exit {exit}: {error}");
    }

    [Fact]
    public async Task Health_AsTheImageRunsIt_NothingListeningOnItsPort_ExitsOneWithinTheTimeout()
    {
        var closedPort = ClosedPort();

        // The real entry point, as HEALTHCHECK runs it: no URL, the port from ASPNETCORE_HTTP_PORTS.
        var started = System.Diagnostics.Stopwatch.StartNew();
        var (exitCode, output) = await WorkerProcess.RunToExitAsync(new Dictionary<string, string?> { ["ASPNETCORE_HTTP_PORTS"] = closedPort.ToString(System.Globalization.CultureInfo.InvariantCulture) }, HealthCommand.Name);

        Assert.Equal(1, exitCode);
        Assert.Contains($"http://localhost:{closedPort}/health/live", output, StringComparison.Ordinal);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), $"took {started.Elapsed}");
    }

    [Theory]
    [InlineData(null, "http://localhost:8080/health/live")]
    [InlineData("", "http://localhost:8080/health/live")]
    [InlineData("5000", "http://localhost:5000/health/live")]
    [InlineData("8081;8443", "http://localhost:8081/health/live")]
    [InlineData("not-a-port", "http://localhost:8080/health/live")]
    public void DefaultUrl_FromAspNetCoreHttpPorts_AsksTheFirstPort(string? httpPorts, string expected) =>
        Assert.Equal(new Uri(expected), HealthCommand.DefaultUrl(httpPorts));

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
