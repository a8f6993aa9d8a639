using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace RecoveryWorker.Harness;

/// <summary>
/// The PostgreSQL server the measurements run on: <c>RECOVERYWORKER_BENCH_POSTGRES</c> (a connection string of a
/// server where the user may CREATE DATABASE), else a throwaway cluster from the server binaries on the machine
/// (initdb and pg_ctl, as the <c>postgres</c> user when we are root, like the tests' PostgresServer) with the server's
/// default durability settings (fsync and synchronous_commit on), stopped and deleted on dispose.
/// </summary>
internal sealed class BenchPostgres : IDisposable
{
    public const string Variable = "RECOVERYWORKER_BENCH_POSTGRES";

    private readonly string? _directory;
    private readonly string? _pgCtl;
    private readonly string? _runAs;
    private int _databases;

    private BenchPostgres(string admin, string description, string? directory, string? pgCtl, string? runAs)
    {
        AdminConnectionString = admin;
        Description = description;
        _directory = directory;
        _pgCtl = pgCtl;
        _runAs = runAs;
    }

    public string AdminConnectionString { get; }

    public string Description { get; }

    /// <summary>Starts (or connects to) a server; null with the reason when there is none.</summary>
    public static BenchPostgres? TryStart(out string? problem)
    {
        problem = null;
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given)
        {
            var admin = new NpgsqlConnectionStringBuilder(given) { Database = new NpgsqlConnectionStringBuilder(given).Database ?? "postgres" }.ConnectionString;
            return new BenchPostgres(admin, $"{Variable} (PostgreSQL {Version(admin)})", null, null, null);
        }

        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderByDescending(d => VersionOf(d)).FirstOrDefault()
            : null;
        if (bin is null)
        {
            problem = $"no PostgreSQL: set {Variable} or install the server binaries (apt-get install -y postgresql)";
            return null;
        }

        var runAs = Environment.UserName == "root" ? "postgres" : null;
        var directory = Directory.CreateTempSubdirectory("rw-bench-pg-").FullName;
        var pgCtl = Path.Combine(bin, "pg_ctl");
        try
        {
            if (runAs is not null)
            {
                Run("chown", ["-R", $"{runAs}:{runAs}", directory]);
            }

            var data = Path.Combine(directory, "data");
            Run(Path.Combine(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"], runAs);
            var port = FreePort();
            Run(pgCtl, ["-D", data, "-l", Path.Combine(data, "server.log"), "-w", "-t", "60", "-o",
                $"-c listen_addresses=127.0.0.1 -p {port} -k {directory} -c max_connections=300 -c shared_buffers=256MB", "start"], runAs);
            var admin = new NpgsqlConnectionStringBuilder
            {
                Host = "127.0.0.1", Port = port, Username = "postgres", Database = "postgres", Timeout = 10, CommandTimeout = 120,
                MaxPoolSize = 100,
            }.ConnectionString;
            return new BenchPostgres(admin, $"throwaway cluster on 127.0.0.1:{port}, PostgreSQL {Version(admin)}, default durability (fsync on)", directory, pgCtl, runAs);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NpgsqlException)
        {
            TryDelete(directory);
            problem = "could not start PostgreSQL: " + e.Message;
            return null;
        }
    }

    /// <summary>A fresh, empty database; returns its connection string.</summary>
    public string CreateDatabase(string prefix)
    {
        var name = Text.Invariant($"{prefix}_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}");
        using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            create.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        if (_directory is null || _pgCtl is null)
        {
            return;
        }

        try
        {
            Run(_pgCtl, ["-D", Path.Combine(_directory, "data"), "stop", "-m", "fast", "-w", "-t", "60"], _runAs);
        }
        catch (InvalidOperationException)
        {
            // Deleting the directory is still worth trying.
        }

        TryDelete(_directory);
    }

    private static string Version(string admin)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(admin) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SHOW server_version", connection);
        return ((string)command.ExecuteScalar()!).Split(' ')[0];
    }

    private static int VersionOf(string bin) =>
        int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string file, IReadOnlyList<string> arguments, string? runAs = null)
    {
        var info = new ProcessStartInfo(runAs is null ? file : "runuser")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(), // the postgres user may not enter ours
        };
        if (runAs is not null)
        {
            foreach (var a in new[] { "-u", runAs, "--", file })
            {
                info.ArgumentList.Add(a);
            }
        }

        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} did not finish within 2 min");
        }

        // pg_ctl start leaves the server holding our pipes: take what arrived.
        Task.WaitAll([stdout, stderr], TimeSpan.FromSeconds(5));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {(stderr.IsCompletedSuccessfully ? stderr.Result : "")}");
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A temp directory left behind is harmless.
        }
    }
}
