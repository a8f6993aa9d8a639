using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Helpdesks.Local;

namespace RecoveryWorker.Storage;

internal static class StorageServiceCollectionExtensions
{
    public const string ConnectionStringName = "RecoveryWorker";
    public const string DefaultSqliteConnectionString = "Data Source=data/recoveryworker.db";

    /// <summary>The state store behind EF Core, chosen by Storage:Provider.</summary>
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptionsWithValidateOnStart<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .Validate(o => o.Provider == StorageProvider.Sqlite, "Storage:Provider=Postgres is not available yet; use Sqlite.");

        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName) ?? DefaultSqliteConnectionString;
        builder.Services.AddDbContextFactory<RecoveryDbContext>(options => options.UseSqlite(connectionString));
        builder.Services.AddSingleton<ILocalTicketStore, EfLocalTicketStore>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("state-store", tags: ["ready"]);
        return builder;
    }

    /// <summary>Creates the schema (and the SQLite file's folder) before anything reads the store.</summary>
    public static async Task InitializeStorageAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        _ = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var factory = services.GetRequiredService<IDbContextFactory<RecoveryDbContext>>();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (db.Database.GetConnectionString() is { } connectionString)
        {
            var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
            if (!string.IsNullOrEmpty(file) && file != ":memory:" && Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder)
            {
                Directory.CreateDirectory(folder);
            }
        }

        await db.Database.EnsureCreatedAsync(cancellationToken);
    }
}
