using System.ComponentModel;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace RecoveryWorker.Tests.Support;

/// <summary>
/// A real PostgreSQL server for the tests, one per test process (<see cref="Shared"/>); each test class asks it for
/// its own database with <see cref="CreateDatabaseAsync"/>. Where the server comes from, first match wins:
/// <list type="number">
/// <item><c>RECOVERYWORKER_TEST_POSTGRES</c>: a connection string of a server where the user may CREATE DATABASE.
/// The databases the tests create there are dropped when the process exits, or, when it was killed first, by the
/// next test process on the same machine (each database's comment names its host and process).</item>
/// <item>A throwaway cluster from the server binaries on the machine (<c>initdb</c> and <c>pg_ctl</c> on PATH, else
/// the highest version under /usr/lib/postgresql/*/bin; run as the <c>postgres</c> user when we are root), in a temp
/// directory, on a free loopback port, stopped and deleted when the process exits.</item>
/// <item>Docker, when <c>docker info</c> succeeds: a <c>postgres:16</c> container removed when the process exits.</item>
/// <item>Otherwise an <see cref="InvalidOperationException"/> that says what to install.</item>
/// </list>
/// Cleanup runs on <see cref="AppDomain.ProcessExit"/> (normal end, SIGTERM). For an aborted run (testhost killed),
/// a detached watchdog shell stops and deletes what this process started once it is gone, and the next process
/// deletes throwaway clusters whose owner died.
/// </summary>
internal sealed partial class PostgresServer : IDisposable
{
    public const string Variable = "RECOVERYWORKER_TEST_POSTGRES";

    private const string DockerImage = "postgres:16";
    private const string ClusterPrefix = "rw-pg-";
    private const string OwnerFile = "owner.pid";
    private const int MaxIdentifierLength = 63;
    private const string OwnerComment = "RecoveryWorker tests:";

    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(120);

    private static readonly Lazy<PostgresServer> s_shared = new(
        () => StartNew(
            Environment.GetEnvironmentVariable(Variable),
            Environment.GetEnvironmentVariable("PATH"),
            "/usr/lib/postgresql",
            "docker"),
        LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Lock _gate = new();
    private readonly List<string> _createdDatabases = [];
    private readonly EventHandler _onExit;
    private readonly Cluster? _cluster;
    private readonly IReadOnlyList<string>? _removeContainer;
    private bool _stopped;
    private bool _disposed;

    private PostgresServer(string adminConnectionString, string description, Cluster? cluster, IReadOnlyList<string>? removeContainer)
    {
        AdminConnectionString = adminConnectionString;
        Description = description;
        _cluster = cluster;
        _removeContainer = removeContainer;
        _onExit = (_, _) => Dispose();
        AppDomain.CurrentDomain.ProcessExit += _onExit;
    }

    /// <summary>
    /// The server of this test process, started on first use (thread-safe; a failure to start is remembered, so
    /// every test class reports the same message quickly instead of trying again).
    /// </summary>
    public static PostgresServer Shared => s_shared.Value;

    /// <summary>Connection string to the <c>postgres</c> database (with RECOVERYWORKER_TEST_POSTGRES: the database it
    /// names, <c>postgres</c> when it names none).</summary>
    public string AdminConnectionString { get; }

    /// <summary>Where the server comes from, for failure messages.</summary>
    public string Description { get; }

    /// <summary>The temp directory of a throwaway cluster; null for the other sources.</summary>
    public string? ClusterDirectory => _cluster?.Directory;

    /// <summary>
    /// True only for a throwaway cluster: <see cref="StopAsync"/> and <see cref="StartAsync"/> then stop it and start
    /// it again on the same port and data directory. False with RECOVERYWORKER_TEST_POSTGRES (not ours to stop) and
    /// with Docker. A test that stops <see cref="Shared"/> belongs to <see cref="PostgresOutages"/>, so no
    /// other test class sees the outage.
    /// </summary>
    public bool CanStop => _cluster is not null;

    /// <summary>
    /// Starts a server from the given sources, in the order described on the class. <see cref="Shared"/> passes the
    /// machine's; tests pass others to check each step. The caller disposes what it starts (or leaves it to process exit).
    /// </summary>
    public static PostgresServer StartNew(string? connectionString, string? searchPath, string postgresLibRoot, string dockerCommand)
    {
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return FromConnectionString(connectionString);
        }

        var binaries = FindBinaries(searchPath, postgresLibRoot);
        if (binaries is not null)
        {
            return StartCluster(binaries.Value.InitDb, binaries.Value.PgCtl, searchPath);
        }

        var dockerInfo = TryRun(dockerCommand, ["info"], TimeSpan.FromSeconds(30));
        if (dockerInfo is { ExitCode: 0 })
        {
            return StartContainer(dockerCommand, searchPath);
        }

        var dockerProblem = dockerInfo is null
            ? $"`{dockerCommand}` was not found"
            : $"`{dockerCommand} info` failed: {FirstLine(dockerInfo.Value.Stderr.Length > 0 ? dockerInfo.Value.Stderr : dockerInfo.Value.Stdout)}";
        throw new InvalidOperationException(
            "The tests need a PostgreSQL server and found none. Do one of these:" + Environment.NewLine +
            $"  1. Set {Variable} to the connection string of a server where the user may CREATE DATABASE, " +
            $"e.g. export {Variable}=\"Host=127.0.0.1;Port=5432;Username=postgres;Password=...\"" + Environment.NewLine +
            "  2. Install the PostgreSQL server binaries (initdb, pg_ctl): `apt-get install -y postgresql` on Debian/Ubuntu " +
            $"(looked on PATH and under {postgresLibRoot}/*/bin); the tests start a throwaway cluster from them." + Environment.NewLine +
            $"  3. Start Docker, so the tests can run a {DockerImage} container ({dockerProblem}).");
    }

    /// <summary>
    /// Creates a fresh, empty database named after <paramref name="prefix"/> (lower-cased, reduced to letters,
    /// digits and underscores, plus a random suffix; at most 63 characters) and returns a connection string to it.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = DatabaseName(prefix);
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(name)}", connection);
            await create.ExecuteNonQueryAsync();
            var owner = $"{OwnerComment} host {Environment.MachineName} pid {Environment.ProcessId}".Replace("'", "''", StringComparison.Ordinal);
            await using var comment = new NpgsqlCommand($"COMMENT ON DATABASE {QuoteIdentifier(name)} IS '{owner}'", connection);
            await comment.ExecuteNonQueryAsync();
        }

        lock (_gate)
        {
            _createdDatabases.Add(name);
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Stops a throwaway cluster (<c>pg_ctl stop -m fast</c>): clients are disconnected, new ones refused.</summary>
    public Task StopAsync() => Task.Run(() =>
    {
        var cluster = _cluster ?? throw new InvalidOperationException($"Only a throwaway cluster can be stopped; this server is {Description}.");
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            NpgsqlConnection.ClearAllPools();
            cluster.Stop("fast");
            _stopped = true;
            NpgsqlConnection.ClearAllPools();
        }
    });

    /// <summary>Starts a stopped throwaway cluster again, on the same port and data directory.</summary>
    public Task StartAsync() => Task.Run(() =>
    {
        var cluster = _cluster ?? throw new InvalidOperationException($"Only a throwaway cluster can be started again; this server is {Description}.");
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            cluster.Start();
            _stopped = false;
            NpgsqlConnection.ClearAllPools();
        }
    });

    /// <summary>Stops and deletes a throwaway cluster, removes a container, or drops the databases created on the
    /// RECOVERYWORKER_TEST_POSTGRES server. Also runs at process exit; safe to call twice.</summary>
    public void Dispose()
    {
        string[] created;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            created = [.. _createdDatabases];
        }

        AppDomain.CurrentDomain.ProcessExit -= _onExit;
        NpgsqlConnection.ClearAllPools();
        if (_cluster is not null)
        {
            if (!_stopped)
            {
                _cluster.ShutDownNow();
            }

            TryDeleteDirectory(_cluster.Directory);
        }
        else if (_removeContainer is not null)
        {
            TryRun(_removeContainer, TimeSpan.FromSeconds(60));
        }
        else
        {
            DropDatabases(created);
        }
    }

    public override string ToString() => Description;

    private static PostgresServer FromConnectionString(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"{Variable} is not a valid Npgsql connection string: {e.Message}", e);
        }

        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (string.IsNullOrEmpty(builder.Database))
        {
            builder.Database = "postgres";
        }

        if (!given.ContainsKey("Timeout"))
        {
            builder.Timeout = 5;
        }

        if (!given.ContainsKey("Command Timeout") && !given.ContainsKey("CommandTimeout"))
        {
            builder.CommandTimeout = 30;
        }

        var admin = builder.ConnectionString;
        string version;
        try
        {
            version = ServerVersion(admin);
        }
        catch (NpgsqlException e)
        {
            throw new InvalidOperationException($"{Variable} is set, but its server does not answer ({builder.Host}:{builder.Port}, database {builder.Database}): {e.Message}", e);
        }

        var server = new PostgresServer(admin, $"{Variable} ({builder.Host}:{builder.Port}, PostgreSQL {version})", cluster: null, removeContainer: null);
        try
        {
            server.DropDatabases(AbandonedDatabases(admin));
        }
        catch (NpgsqlException)
        {
            // Cleaning up after killed runs is a courtesy; the tests do not depend on it.
        }

        return server;
    }

    private static PostgresServer StartCluster(string initDb, string pgCtl, string? searchPath)
    {
        var runAs = Environment.UserName == "root" ? "postgres" : null;
        DeleteAbandonedClusters(pgCtl, runAs, searchPath);

        var directory = Directory.CreateTempSubdirectory(ClusterPrefix).FullName;
        File.WriteAllText(Path.Combine(directory, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        var cluster = new Cluster(directory, pgCtl, runAs, searchPath);
        StartWatchdog(directory, cluster.Command(pgCtl, ["-D", cluster.DataDirectory, "stop", "-m", "immediate"]), searchPath);
        try
        {
            if (runAs is not null)
            {
                Run("chown", ["-R", $"{runAs}:{runAs}", directory], ToolTimeout, hint: null);
            }

            cluster.Run(initDb, ["-D", cluster.DataDirectory, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"]);

            // The port is free when we pick it but not reserved: if someone takes it first, pick another.
            for (var attempt = 1; ; attempt++)
            {
                cluster.Port = FreeLoopbackPort();
                try
                {
                    cluster.Start();
                    break;
                }
                catch (InvalidOperationException e) when (attempt < 3 && e.Message.Contains("already in use", StringComparison.Ordinal))
                {
                }
            }

            var admin = AdminFor(cluster.Port, password: null);
            return new PostgresServer(admin, $"throwaway cluster {directory} on 127.0.0.1:{cluster.Port} (PostgreSQL {ServerVersion(admin)})", cluster, removeContainer: null);
        }
        catch
        {
            try
            {
                cluster.Stop("immediate");
            }
            catch (InvalidOperationException)
            {
                // Nothing was running.
            }

            TryDeleteDirectory(directory);
            throw;
        }
    }

    private static PostgresServer StartContainer(string docker, string? searchPath)
    {
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var id = Run(
            docker,
            ["run", "-d", "--rm", "-e", $"POSTGRES_PASSWORD={password}", "-p", "127.0.0.1::5432", DockerImage,
             "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300"],
            TimeSpan.FromMinutes(10),
            hint: $"Docker could not start {DockerImage}.").Split('\n')[^1].Trim();
        string[] remove = [docker, "rm", "-f", id];
        StartWatchdog(directory: null, remove, searchPath);
        try
        {
            var mapping = Run(docker, ["port", id, "5432/tcp"], TimeSpan.FromSeconds(30), hint: null);
            var port = int.Parse(PortPattern().Match(mapping).Groups[1].Value, CultureInfo.InvariantCulture);
            var admin = AdminFor(port, password);
            var waited = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    var version = ServerVersion(admin);
                    return new PostgresServer(admin, $"Docker container {id[..Math.Min(12, id.Length)]} ({DockerImage}) on 127.0.0.1:{port} (PostgreSQL {version})", cluster: null, remove);
                }
                catch (NpgsqlException) when (waited.Elapsed < TimeSpan.FromSeconds(90))
                {
                    Thread.Sleep(500);
                }
            }
        }
        catch
        {
            TryRun(docker, ["rm", "-f", id], TimeSpan.FromSeconds(60));
            throw;
        }
    }

    private static string AdminFor(int port, string? password) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = port,
        Username = "postgres",
        Password = password,
        Database = "postgres",
        Timeout = 5,
        CommandTimeout = 30,
    }.ConnectionString;

    private static string ServerVersion(string connectionString)
    {
        var noPool = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        using var connection = new NpgsqlConnection(noPool);
        connection.Open();
        using var command = new NpgsqlCommand("SHOW server_version", connection);
        var version = (string)command.ExecuteScalar()!;
        return version.Split(' ')[0];
    }

    private static string DatabaseName(string prefix)
    {
        var clean = new StringBuilder();
        foreach (var c in prefix.ToLowerInvariant())
        {
            clean.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? c : '_');
        }

        var stem = clean.ToString().Trim('_');
        if (stem.Length == 0 || char.IsAsciiDigit(stem[0]))
        {
            stem = "t_" + stem;
        }

        var suffix = "_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        return stem[..Math.Min(stem.Length, MaxIdentifierLength - suffix.Length)] + suffix;
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private void DropDatabases(IEnumerable<string> names)
    {
        try
        {
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(AdminConnectionString) { Pooling = false }.ConnectionString);
            connection.Open();
            foreach (var name in names)
            {
                try
                {
                    using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {QuoteIdentifier(name)} WITH (FORCE)", connection);
                    command.ExecuteNonQuery();
                }
                catch (PostgresException)
                {
                    // Best effort: a database left behind is harmless, failing the process exit is not.
                }
            }
        }
        catch (NpgsqlException)
        {
            // The server went away; nothing to drop.
        }
    }

    /// <summary>
    /// Databases that a test process on this machine created and could not drop (it was killed): their comment
    /// names the host and the process, and that process is gone.
    /// </summary>
    private static List<string> AbandonedDatabases(string admin)
    {
        var abandoned = new List<string>();
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(admin) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(
            "select datname, shobj_description(oid, 'pg_database') from pg_database where shobj_description(oid, 'pg_database') like @pattern",
            connection);
        command.Parameters.AddWithValue("pattern", OwnerComment + " host %");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var owner = OwnerPattern().Match(reader.GetString(1));
            if (owner.Success && owner.Groups[1].Value == Environment.MachineName &&
                int.TryParse(owner.Groups[2].Value, CultureInfo.InvariantCulture, out var pid) &&
                pid != Environment.ProcessId && !IsAlive(pid))
            {
                abandoned.Add(reader.GetString(0));
            }
        }

        return abandoned;
    }

    private static (string InitDb, string PgCtl)? FindBinaries(string? searchPath, string postgresLibRoot)
    {
        foreach (var directory in (searchPath ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var initDb = Path.Combine(directory, "initdb");
            var pgCtl = Path.Combine(directory, "pg_ctl");
            if (File.Exists(initDb) && File.Exists(pgCtl))
            {
                // pg_ctl looks for `postgres` next to itself: resolve symlinks such as /usr/local/bin/pg_ctl.
                return (Resolve(initDb), Resolve(pgCtl));
            }
        }

        if (!Directory.Exists(postgresLibRoot))
        {
            return null;
        }

        var newest = Directory.EnumerateDirectories(postgresLibRoot)
            .Select(d => (Bin: Path.Combine(d, "bin"), Version: decimal.TryParse(Path.GetFileName(d), NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : -1))
            .Where(d => d.Version >= 0 && File.Exists(Path.Combine(d.Bin, "initdb")) && File.Exists(Path.Combine(d.Bin, "pg_ctl")))
            .OrderByDescending(d => d.Version)
            .FirstOrDefault();
        return newest.Bin is null ? null : (Path.Combine(newest.Bin, "initdb"), Path.Combine(newest.Bin, "pg_ctl"));
    }

    private static string Resolve(string path) => new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;

    private static string? FindExecutable(string name, string? searchPath, params string[] alsoIn) =>
        (searchPath ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(alsoIn)
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists);

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>Deletes throwaway clusters whose test process died without cleaning up (killed run, lost watchdog).</summary>
    private static void DeleteAbandonedClusters(string pgCtl, string? runAs, string? searchPath)
    {
        foreach (var directory in Directory.EnumerateDirectories(Path.GetTempPath(), ClusterPrefix + "*"))
        {
            var ownerFile = Path.Combine(directory, OwnerFile);
            try
            {
                if (!File.Exists(ownerFile) ||
                    !int.TryParse(File.ReadAllText(ownerFile).Trim(), CultureInfo.InvariantCulture, out var owner) ||
                    owner == Environment.ProcessId || IsAlive(owner))
                {
                    continue;
                }

                var stale = new Cluster(directory, pgCtl, runAs, searchPath);
                if (File.Exists(Path.Combine(stale.DataDirectory, "postmaster.pid")))
                {
                    TryRun(stale.Command(pgCtl, ["-D", stale.DataDirectory, "stop", "-m", "immediate"]), TimeSpan.FromSeconds(60));
                }

                TryDeleteDirectory(directory);
            }
            catch (IOException)
            {
                // Another process is cleaning it up, or it is not ours to touch.
            }
            catch (UnauthorizedAccessException)
            {
                // Someone else's cluster.
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// A detached shell (own session, so killing the test process tree spares it) that waits for this process to
    /// end and then runs <paramref name="cleanup"/> and deletes <paramref name="directory"/>, unless the directory
    /// is already gone (normal exit cleaned up). Best effort.
    /// </summary>
    private static void StartWatchdog(string? directory, IReadOnlyList<string> cleanup, string? searchPath)
    {
        const string Script =
            "exec </dev/null >/dev/null 2>&1; owner=$1; dir=$2; shift 2; " +
            "while kill -0 \"$owner\" 2>/dev/null; do sleep 2; done; " +
            "if [ -n \"$dir\" ] && [ ! -d \"$dir\" ]; then exit 0; fi; " +
            "\"$@\"; if [ -n \"$dir\" ]; then rm -rf \"$dir\"; fi";
        var setsid = FindExecutable("setsid", searchPath, "/usr/bin", "/bin");
        var info = new ProcessStartInfo(setsid ?? "/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (setsid is not null)
        {
            info.ArgumentList.Add("-f");
            info.ArgumentList.Add("/bin/sh");
        }

        string[] arguments = ["-c", Script, "rw-pg-watchdog", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), directory ?? "", .. cleanup];
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(info);
            if (setsid is not null)
            {
                process?.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (Win32Exception)
        {
            // No shell: cleanup then relies on process exit alone.
        }
    }

    private static void TryDeleteDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
            // Left for DeleteAbandonedClusters of a later run.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no output";

    private static ProcessResult? TryRun(IReadOnlyList<string> command, TimeSpan timeout) =>
        TryRun(command[0], command.Skip(1), timeout);

    private static ProcessResult? TryRun(string file, IEnumerable<string> arguments, TimeSpan timeout)
    {
        try
        {
            return Execute(file, arguments, timeout);
        }
        catch (Win32Exception)
        {
            return null;
        }
        catch (TimeoutException e)
        {
            return new ProcessResult(-1, "", e.Message);
        }
    }

    /// <summary>Runs a tool to completion and returns its standard output; throws with all its output when it fails.</summary>
    private static string Run(string file, IEnumerable<string> arguments, TimeSpan timeout, string? hint)
    {
        var argumentList = arguments.ToList();
        ProcessResult result;
        try
        {
            result = Execute(file, argumentList, timeout);
        }
        catch (Exception e) when (e is Win32Exception or TimeoutException)
        {
            throw new InvalidOperationException($"{Display(file, argumentList)}: {e.Message}. {hint}", e);
        }

        return result.ExitCode == 0
            ? result.Stdout
            : throw new InvalidOperationException($"{Display(file, argumentList)} exited with {result.ExitCode}. {hint}{Environment.NewLine}{result.Output}");
    }

    private static ProcessResult Execute(string file, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The postgres user may not be able to enter the test's working directory.
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new Win32Exception($"could not start {file}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Display(file, info.ArgumentList)} did not finish within {timeout.TotalSeconds:0} s");
        }

        // A daemon that kept our pipes open must not hang us: take what arrived.
        Task.WaitAll([stdout, stderr], TimeSpan.FromSeconds(5));
        return new ProcessResult(
            process.ExitCode,
            stdout.IsCompletedSuccessfully ? stdout.Result.Trim() : "",
            stderr.IsCompletedSuccessfully ? stderr.Result.Trim() : "");
    }

    private static string Display(string file, IEnumerable<string> arguments) =>
        string.Join(' ', arguments.Prepend(file).Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a));

    private readonly record struct ProcessResult(int ExitCode, string Stdout, string Stderr)
    {
        public string Output => string.Join(Environment.NewLine, new[] { Stdout, Stderr }.Where(s => s.Length > 0));
    }

    [GeneratedRegex(@":(\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex PortPattern();

    [GeneratedRegex(@"^RecoveryWorker tests: host (.+) pid (\d+)$")]
    private static partial Regex OwnerPattern();

    /// <summary>A cluster in a temp directory: data in data/, socket in the directory, log in data/server.log.</summary>
    private sealed class Cluster(string directory, string pgCtl, string? runAs, string? searchPath)
    {
        public string Directory { get; } = directory;

        public string DataDirectory => Path.Combine(Directory, "data");

        public int Port { get; set; }

        private string LogFile => Path.Combine(DataDirectory, "server.log");

        public void Start()
        {
            var options = $"-c listen_addresses=127.0.0.1 -p {Port} -k {Directory} -c fsync=off -c synchronous_commit=off " +
                "-c full_page_writes=off -c max_connections=300";
            Run(pgCtl, ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "-o", options, "start"]);
        }

        public void Stop(string mode) => Run(pgCtl, ["-D", DataDirectory, "stop", "-m", mode, "-w", "-t", "60"]);

        /// <summary>
        /// Immediate shutdown in milliseconds, for process exit: the test platform kills the test process soon after
        /// the run, too soon for <c>runuser pg_ctl stop</c>. SIGQUIT to the postmaster is what <c>-m immediate</c>
        /// sends; the watchdog finishes the job if we are killed before it is done.
        /// </summary>
        public void ShutDownNow()
        {
            var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
            try
            {
                var postmaster = File.ReadLines(pidFile).First().Trim();
                if (TryRun("kill", ["-QUIT", postmaster], TimeSpan.FromSeconds(5)) is not { ExitCode: 0 })
                {
                    return;
                }

                // The postmaster removes its pid file on the way out.
                var waited = Stopwatch.StartNew();
                while (File.Exists(pidFile) && waited.Elapsed < TimeSpan.FromSeconds(5))
                {
                    Thread.Sleep(20);
                }
            }
            catch (IOException)
            {
                // No pid file: not running.
            }
            catch (InvalidOperationException)
            {
                // Empty pid file: not running.
            }
        }

        public void Run(string tool, IReadOnlyList<string> arguments)
        {
            var command = Command(tool, arguments);
            var hint = runAs is null
                ? null
                : $"PostgreSQL refuses to run as root, so the tests run it as the `{runAs}` user (which must exist: the Debian package creates it).";
            try
            {
                PostgresServer.Run(command[0], command.Skip(1), ToolTimeout, hint);
            }
            catch (InvalidOperationException e)
            {
                throw new InvalidOperationException($"{e.Message}{Environment.NewLine}server.log: {LogTail()}", e);
            }
        }

        /// <summary>The command line that runs <paramref name="tool"/> as the cluster's owner.</summary>
        public IReadOnlyList<string> Command(string tool, IReadOnlyList<string> arguments)
        {
            if (runAs is null)
            {
                return [tool, .. arguments];
            }

            var runuser = FindExecutable("runuser", searchPath, "/usr/sbin", "/sbin", "/usr/bin", "/bin");
            if (runuser is not null)
            {
                return [runuser, "-u", runAs, "--", tool, .. arguments];
            }

            var script = string.Join(' ', arguments.Prepend(tool).Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
            return ["su", runAs, "-s", "/bin/sh", "-c", script];
        }

        private string LogTail()
        {
            try
            {
                var lines = File.ReadAllLines(LogFile);
                return lines.Length == 0 ? "(empty)" : Environment.NewLine + string.Join(Environment.NewLine, lines.TakeLast(30));
            }
            catch (IOException)
            {
                return "(none)";
            }
            catch (UnauthorizedAccessException)
            {
                return "(unreadable)";
            }
        }
    }
}

/// <summary>
/// Test classes that stop <see cref="PostgresServer.Shared"/> (outage tests) join this collection: xUnit runs it
/// alone, after the parallel collections, so no other test class sees the database go away.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PostgresOutages
{
    public const string Name = "PostgreSQL outages";
}
