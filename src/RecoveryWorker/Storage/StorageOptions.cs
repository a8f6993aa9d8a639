namespace RecoveryWorker.Storage;

/// <summary>Where state lives. Bound from "Storage".</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Sqlite (embedded default, one process) or Postgres (production, several replicas; coming next).</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;
}

public enum StorageProvider
{
    Sqlite,
    Postgres,
}
