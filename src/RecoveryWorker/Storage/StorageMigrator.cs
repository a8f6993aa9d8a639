using Hangfire.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace RecoveryWorker.Storage;

/// <summary>
/// Brings a PostgreSQL database to the schema this release needs: the state store and Quartz's tables through EF Core
/// migrations (idempotent; EF takes a database lock, so replicas migrating at once apply each migration once), then
/// Hangfire's own schema through its installer (versioned, also idempotent). Never drops anything.
/// </summary>
internal sealed class StorageMigrator(IDbContextFactory<RecoveryDbContext> dbFactory, ILogger<StorageMigrator> logger)
{
    public const string HangfireSchema = "hangfire";

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // A new database lacks EF's history table, and reading it first makes EF log an error line that is no error:
        // create it (if missing: replicas may run this at once) before anything reads it.
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);

        await using (var connection = new NpgsqlConnection(db.Database.GetConnectionString()))
        {
            await connection.OpenAsync(cancellationToken);
            PostgreSqlObjectsInstaller.Install(connection, HangfireSchema);
        }

        logger.StorageMigrated(pending.Count, pending.Count == 0 ? "none" : string.Join(", ", pending));
    }
}
