using Hangfire.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace RecoveryWorker.Storage;

/// <summary>
/// Brings a PostgreSQL database to the schema this release needs: the state store and Quartz's tables through EF Core
/// migrations, then Hangfire's own schema through its installer (versioned). Both are idempotent, replicas take turns
/// through an advisory lock, and nothing is ever dropped.
/// </summary>
internal sealed class StorageMigrator(IDbContextFactory<RecoveryDbContext> dbFactory, ILogger<StorageMigrator> logger)
{
    public const string HangfireSchema = "hangfire";

    /// <summary>Key of the session advisory lock that makes replicas migrating at once take turns.</summary>
    private const long MigrationLock = 0x5245_434F_5645_5259; // "RECOVERY"

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var connection = new NpgsqlConnection(db.Database.GetConnectionString());
        await connection.OpenAsync(cancellationToken);

        // Replicas started together may all migrate: the first holds this lock, the others wait and then find
        // nothing to do (Hangfire's installer does not tolerate a concurrent run by itself).
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection))
        {
            take.Parameters.AddWithValue("key", MigrationLock);
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        // A new database lacks EF's history table, and reading it first makes EF log an error line that is no error:
        // create it before anything reads it.
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        PostgreSqlObjectsInstaller.Install(connection, HangfireSchema);

        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection))
        {
            release.Parameters.AddWithValue("key", MigrationLock);
            await release.ExecuteNonQueryAsync(cancellationToken);
        }

        logger.StorageMigrated(pending.Count, pending.Count == 0 ? "none" : string.Join(", ", pending));
    }
}
