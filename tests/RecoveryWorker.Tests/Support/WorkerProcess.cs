using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RecoveryWorker.Tests.Support;

/// <summary>
/// The worker as operations run it: its own process (<c>dotnet RecoveryWorker.dll</c>, the build this test run made),
/// configured only through environment variables, with its console log captured line by line. It can be asked to
/// stop, or killed with SIGKILL in the middle of whatever it is doing.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    /// <summary>One line per event, machine-readable: UTC time with ticks, level, message.</summary>
    public const string LogTemplate = "{Timestamp:yyyy-MM-ddTHH:mm:ss.fffffffzzz}|{Level:u3}|{Message:lj}{NewLine}{Exception}";

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private WorkerProcess(string name, Process process, int port)
    {
        Name = name;
        _process = process;
        Port = port;
    }

    public string Name { get; }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public IReadOnlyList<string> Lines => [.. _lines];

    public bool HasExited => _process.HasExited;

    /// <summary>The worker's own build output: artifacts/bin/RecoveryWorker/{configuration}/RecoveryWorker.dll.</summary>
    public static string WorkerDll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "RecoveryWorker.sln")))
            {
                root = root.Parent;
            }

            var dll = Path.Combine(root?.FullName ?? throw new InvalidOperationException("RecoveryWorker.sln not found above " + AppContext.BaseDirectory), "artifacts", "bin", "RecoveryWorker", configuration, "RecoveryWorker.dll");
            return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} does not exist; build the solution first.");
        }
    }

    /// <summary>Runs <c>RecoveryWorker migrate</c> with these settings and returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Output)> MigrateAsync(IReadOnlyDictionary<string, string?> settings) => RunToExitAsync(settings, "migrate");

    /// <summary>Runs the worker (with a command, or as the service) until it exits by itself: for start-ups that must fail.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(IReadOnlyDictionary<string, string?> settings, params string[] command)
    {
        using var process = Process.Start(command.Length == 0 ? StartInfo(settings, FreePort()) : StartInfo(settings, port: null, command))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    public static WorkerProcess Start(string name, IReadOnlyDictionary<string, string?> settings)
    {
        var port = FreePort();
        var process = new Process { StartInfo = StartInfo(settings, port), EnableRaisingEvents = true };
        var worker = new WorkerProcess(name, process, port);
        process.OutputDataReceived += (_, e) => worker.Add(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Waits until /health/ready answers 200; fails with the log's tail if the process dies or time runs out.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout) => await WaitForReadinessAsync(HttpStatusCode.OK, timeout);

    /// <summary>Polls /health/ready until it answers <paramref name="expected"/> (503 counts for "not ready").</summary>
    public async Task<TimeSpan> WaitForReadinessAsync(HttpStatusCode expected, TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} while waiting for readiness {expected}:\n{Tail()}");
            }

            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.StatusCode == expected)
                {
                    return clock.Elapsed;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not listening (yet) or too slow to answer: not ready
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{Name}: /health/ready did not answer {(int)expected} within {timeout}:\n{Tail()}");
    }

    /// <summary>One readiness probe: the status (null when no answer came within 3 s) and how long the answer took.</summary>
    public async Task<(HttpStatusCode? Status, TimeSpan Took)> ProbeReadinessAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(3) };
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await http.GetAsync("/health/ready");
            return (response.StatusCode, clock.Elapsed);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return (null, clock.Elapsed);
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no graceful stop, in-flight calls cut off.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>
    /// SIGTERM, as <c>docker stop</c> and Kubernetes send it: the graceful stop. Returns the exit code, or null when the
    /// process is still running after <paramref name="timeout"/> (it is then left running for <see cref="Kill"/>).
    /// </summary>
    public async Task<int?> TerminateAsync(TimeSpan timeout)
    {
        // Process.Kill is SIGKILL; the signal a container stop sends comes from kill(1).
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
        {
            await kill.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The last lines of the log, for failure messages.</summary>
    public string Tail(int lines = 40) => string.Join('\n', Lines.TakeLast(lines));

    public async ValueTask DisposeAsync()
    {
        Kill();
        await Task.Yield();
        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
        }
    }

    private static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string?> settings, int? port, params string[] args)
    {
        var dll = WorkerDll;
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["ASPNETCORE_URLS"] = port is null ? "http://127.0.0.1:0" : string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
        // The shipped format is compact JSON (README "Metrics and logs"); these tests read the plain lines of LogTemplate.
        // A test of the shipped format passes these two keys as null.
        info.Environment["Serilog__WriteTo__0__Args__formatter__type"] = "Serilog.Formatting.Display.MessageTemplateTextFormatter, Serilog";
        info.Environment["Serilog__WriteTo__0__Args__formatter__outputTemplate"] = LogTemplate;

        // Outside Development the sandbox carrier is off unless enabled; every worker process here tracks with it.
        info.Environment["Carriers__Sandbox__Enabled"] = "true";
        foreach (var (key, value) in TestAccess.Settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        // A setting given as null removes a default above (and anything inherited from the test run's environment).
        foreach (var (key, value) in settings)
        {
            var name = key.Replace(":", "__", StringComparison.Ordinal);
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        return info;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
