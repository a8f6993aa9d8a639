namespace RecoveryWorker.Storage;

/// <summary>Where state lives. Bound from "Storage".</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>
    /// Sqlite: the embedded default, one process, Hangfire and Quartz in memory. Postgres: production, any number of
    /// replicas on one database; the state store, Hangfire and Quartz all live in ConnectionStrings:RecoveryWorker.
    /// </summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>
    /// Postgres only: apply the migrations (state store, Quartz tables, Hangfire schema) at start-up. Off by default:
    /// run <c>RecoveryWorker migrate</c> once per release instead, so replicas never race a schema change and a
    /// database that is down does not stop the worker from starting (readiness reports it).
    /// </summary>
    public bool MigrateOnStart { get; set; }
}

public enum StorageProvider
{
    Sqlite,
    Postgres,
}
