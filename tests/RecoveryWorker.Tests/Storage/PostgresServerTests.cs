using Npgsql;
using RecoveryWorker.Tests.Support;

namespace RecoveryWorker.Tests.Storage;

/// <summary>
/// The PostgreSQL fixture itself. In <see cref="PostgresOutages"/> because one test stops the shared server
/// and others start and stop servers of their own, which clears every connection pool of the process.
/// </summary>
[Collection(PostgresOutages.Name)]
public sealed class PostgresServerTests
{
    private const string NoDocker = "/nonexistent/docker";

    private static PostgresServer Server => PostgresServer.Shared;

    [Fact]
    public async Task CreateDatabaseAsync_TwoCalls_GiveTwoSeparateEmptyDatabases()
    {
        var first = await Server.CreateDatabaseAsync(nameof(PostgresServerTests));
        var second = await Server.CreateDatabaseAsync(nameof(PostgresServerTests));

        Assert.NotEqual(DatabaseOf(first), DatabaseOf(second));
        Assert.Equal(0L, await ScalarAsync(first, "select count(*) from pg_tables where schemaname = 'public'"));
        Assert.Equal(0L, await ScalarAsync(second, "select count(*) from pg_tables where schemaname = 'public'"));

        await ScalarAsync(first, "create table parcels (id int primary key)");

        Assert.Equal("parcels", await ScalarAsync(first, "select to_regclass('public.parcels')::text"));
        Assert.Null(await ScalarAsync(second, "select to_regclass('public.parcels')::text"));
        Assert.Contains("PostgreSQL", (string?)await ScalarAsync(second, "select version()"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HelpdeskEndToEndTests", "helpdeskendtoendtests_")]
    [InlineData("Outage tests/Zendesk-429", "outage_tests_zendesk_429_")]
    [InlineData("42nd run", "t_42nd_run_")]
    [InlineData("Über!", "ber_")]
    [InlineData("", "t__")]
    public async Task CreateDatabaseAsync_AwkwardPrefix_NameIsLowerCaseIdentifierStartingWithIt(string prefix, string expectedStart)
    {
        var connectionString = await Server.CreateDatabaseAsync(prefix);

        var name = DatabaseOf(connectionString);
        Assert.StartsWith(expectedStart, name, StringComparison.Ordinal);
        Assert.Matches("^[a-z_][a-z0-9_]*_[0-9a-f]{8}$", name);
        Assert.Equal(name, await ScalarAsync(connectionString, "select current_database()"));
    }

    [Fact]
    public async Task CreateDatabaseAsync_PrefixLongerThanPostgresAllows_NameIsCutTo63CharactersAndStillUnique()
    {
        var prefix = new string('x', 100);

        var first = DatabaseOf(await Server.CreateDatabaseAsync(prefix));
        var second = DatabaseOf(await Server.CreateDatabaseAsync(prefix));

        Assert.Equal(63, first.Length);
        Assert.Equal(63, second.Length);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task CreateDatabaseAsync_ConnectionString_HasShortConnectTimeoutAndCommandTimeout()
    {
        var builder = new NpgsqlConnectionStringBuilder(await Server.CreateDatabaseAsync(nameof(PostgresServerTests)));

        Assert.InRange(builder.Timeout, 1, 5);
        Assert.Equal(30, builder.CommandTimeout);
        Assert.False(builder.IncludeErrorDetail);
    }

    [Fact]
    public async Task StopAsync_ThenStartAsync_ServerRefusesThenAcceptsConnections()
    {
        if (!Server.CanStop)
        {
            // Not ours to stop: the server comes from the variable or from Docker, and says so.
            Assert.Matches("^(RECOVERYWORKER_TEST_POSTGRES|Docker container) ", Server.Description);
            await Assert.ThrowsAsync<InvalidOperationException>(Server.StopAsync);
            return;
        }

        var database = await Server.CreateDatabaseAsync(nameof(StopAsync_ThenStartAsync_ServerRefusesThenAcceptsConnections));
        await ScalarAsync(database, "create table survivors (id int); insert into survivors values (1)");
        await using var held = new NpgsqlConnection(database);
        await held.OpenAsync();

        await Server.StopAsync();
        try
        {
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync(WithoutPooling(database), "select 1"));
            await using var command = new NpgsqlCommand("select 1", held);
            await Assert.ThrowsAnyAsync<NpgsqlException>(command.ExecuteScalarAsync);
        }
        finally
        {
            await Server.StartAsync();
        }

        // Same connection string, so same port; same data directory, so the table is still there.
        Assert.Equal(1L, await ScalarAsync(database, "select count(*) from survivors"));
    }

    [Fact]
    public async Task StartNew_ConnectionStringGiven_UsesThatServerCannotStopItAndDropsItsDatabasesOnDispose()
    {
        string created;
        using (var external = PostgresServer.StartNew(Server.AdminConnectionString, searchPath: null, "/nonexistent", NoDocker))
        {
            Assert.StartsWith("RECOVERYWORKER_TEST_POSTGRES (", external.Description, StringComparison.Ordinal);
            Assert.False(external.CanStop);
            Assert.Null(external.ClusterDirectory);
            await Assert.ThrowsAsync<InvalidOperationException>(external.StopAsync);

            created = await external.CreateDatabaseAsync("external");
            Assert.Equal(1, await ScalarAsync(created, "select 1"));
        }

        Assert.Equal(0L, await ScalarAsync(Server.AdminConnectionString, $"select count(*) from pg_database where datname = '{DatabaseOf(created)}'"));
    }

    [Fact]
    public async Task StartNew_ConnectionStringGiven_DropsDatabasesLeftByKilledTestProcessOfThisMachineOnly()
    {
        var leftHere = DatabaseOf(await Server.CreateDatabaseAsync("left_here"));
        var leftElsewhere = DatabaseOf(await Server.CreateDatabaseAsync("left_elsewhere"));
        var deadPid = PidOfFinishedProcess();
        await ScalarAsync(Server.AdminConnectionString, $"comment on database {leftHere} is 'RecoveryWorker tests: host {Environment.MachineName} pid {deadPid}'");
        await ScalarAsync(Server.AdminConnectionString, $"comment on database {leftElsewhere} is 'RecoveryWorker tests: host elsewhere.example pid {deadPid}'");

        using (PostgresServer.StartNew(Server.AdminConnectionString, searchPath: null, "/nonexistent", NoDocker))
        {
            Assert.Equal(0L, await ScalarAsync(Server.AdminConnectionString, $"select count(*) from pg_database where datname = '{leftHere}'"));
            Assert.Equal(1L, await ScalarAsync(Server.AdminConnectionString, $"select count(*) from pg_database where datname = '{leftElsewhere}'"));
        }
    }

    [Fact]
    public void StartNew_NoConnectionStringNoServerBinariesNoDocker_ThrowsSayingWhatToInstall()
    {
        var e = Assert.Throws<InvalidOperationException>(() => PostgresServer.StartNew(null, "/nonexistent/bin", "/nonexistent/postgresql", NoDocker));

        Assert.Contains("RECOVERYWORKER_TEST_POSTGRES", e.Message, StringComparison.Ordinal);
        Assert.Contains("CREATE DATABASE", e.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install -y postgresql", e.Message, StringComparison.Ordinal);
        Assert.Contains("Start Docker", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartNew_ServerBinariesOnMachine_StartsThrowawayClusterThatDisposeStopsAndDeletes()
    {
        PostgresServer cluster;
        try
        {
            cluster = PostgresServer.StartNew(null, Environment.GetEnvironmentVariable("PATH"), "/usr/lib/postgresql", NoDocker);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("apt-get install", StringComparison.Ordinal))
        {
            // No binaries here, so the shared server cannot be a throwaway cluster either.
            Assert.False(Server.CanStop);
            return;
        }

        string directory;
        string admin;
        using (cluster)
        {
            Assert.StartsWith("throwaway cluster ", cluster.Description, StringComparison.Ordinal);
            Assert.True(cluster.CanStop);
            directory = cluster.ClusterDirectory!;
            Assert.True(Directory.Exists(directory));
            admin = cluster.AdminConnectionString;
            Assert.Equal(300, int.Parse((string)(await ScalarAsync(admin, "show max_connections"))!, System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.False(Directory.Exists(directory));
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync(WithoutPooling(admin), "select 1"));
    }

    private static int PidOfFinishedProcess()
    {
        using var process = System.Diagnostics.Process.Start("true")!;
        process.WaitForExit();
        return process.Id;
    }

    private static string DatabaseOf(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString).Database!;

    private static string WithoutPooling(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }
}
