namespace RecoveryWorker.Tests.Support;

/// <summary>
/// A production deployment for one test: its own database on the test PostgreSQL server (migrated with the real
/// migrate command), a sandbox tracking file, a helpdesk that speaks the Zendesk API, and the worker processes the
/// test starts, all killed and removed afterwards.
/// </summary>
public abstract class ProductionDeployment(string databasePrefix) : IAsyncLifetime, IDisposable
{
    private readonly List<WorkerProcess> _workers = [];

    internal WorkerFolder Folder { get; } = new();

    internal FakeZendesk Zendesk { get; } = new();

    internal IReadOnlyList<WorkerProcess> Workers => _workers;

    protected string Database { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Database = await PostgresServer.Shared.CreateDatabaseAsync(databasePrefix);
        var (exitCode, output) = await WorkerProcess.MigrateAsync(Settings());
        Assert.True(exitCode == 0, output);
    }

    internal Dictionary<string, string?> Settings() => Production.Settings(Database, Folder.TrackingFile, Zendesk.Settings(timeout: TimeSpan.FromSeconds(3)));

    internal WorkerProcess Start(string name, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = Settings();
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var worker = WorkerProcess.Start(name, settings);
        _workers.Add(worker);
        return worker;
    }

    protected Task<long> CountAsync(string sql) => Production.CountAsync(Database, sql);

    /// <summary>Cases whose ticket the helpdesk confirmed (or that were adopted after an unanswered create).</summary>
    protected Task<long> DoneAsync() => CountAsync("""SELECT count(*) FROM cases WHERE "TicketClaim" = 'Done'""");

    public async Task DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }
    }

    public void Dispose()
    {
        Zendesk.Dispose();
        Folder.Dispose();
        GC.SuppressFinalize(this);
    }
}
