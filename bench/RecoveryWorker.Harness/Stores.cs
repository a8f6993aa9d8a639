using Microsoft.Data.Sqlite;
using Npgsql;

namespace RecoveryWorker.Harness;

internal enum StoreKind
{
    Sqlite,
    Postgres,
}

/// <summary>A fresh state store for one measurement: a SQLite file in a temp folder, or a new PostgreSQL database.</summary>
internal sealed class Store : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("rw-bench-");

    private Store(StoreKind kind) => Kind = kind;

    public StoreKind Kind { get; }

    public string? PostgresConnectionString { get; private init; }

    public Dictionary<string, string?> Settings { get; } = [];

    public string Describe => Kind == StoreKind.Postgres ? "PostgreSQL (state store and Hangfire)" : "SQLite (Hangfire in memory)";

    public static Store Create(StoreKind kind, BenchPostgres? postgres, string name)
    {
        var store = kind == StoreKind.Postgres
            ? new Store(kind) { PostgresConnectionString = (postgres ?? throw new InvalidOperationException("no PostgreSQL server")).CreateDatabase(name) }
            : new Store(kind);
        store.Settings["Carriers:Sandbox:TrackingFile"] = Path.Combine(store._folder.FullName, "tracking.json");
        if (kind == StoreKind.Postgres)
        {
            store.Settings["Storage:Provider"] = "Postgres";
            store.Settings["Storage:MigrateOnStart"] = "true";
            store.Settings["ConnectionStrings:RecoveryWorker"] = store.PostgresConnectionString;
        }
        else
        {
            store.Settings["ConnectionStrings:RecoveryWorker"] = $"Data Source={Path.Combine(store._folder.FullName, "recoveryworker.db")}";
        }

        return store;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
