using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using RecoveryWorker.Connectors.Helpdesks.Local;

namespace RecoveryWorker.Storage;

internal static class StorageServiceCollectionExtensions
{
    public const string ConnectionStringName = "RecoveryWorker";
    public const string DefaultSqliteConnectionString = "Data Source=data/recoveryworker.db";

    /// <summary>The storage settings as registration needs them (Hangfire and Quartz pick their engines from them too).</summary>
    public static (StorageOptions Options, string ConnectionString) StorageSettings(this IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        return (options, options.Provider == StorageProvider.Sqlite ? connectionString ?? DefaultSqliteConnectionString : connectionString ?? "");
    }

    /// <summary>The state store behind EF Core, chosen by Storage:Provider.</summary>
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var (storage, connectionString) = builder.Configuration.StorageSettings();
        builder.Services.AddOptionsWithValidateOnStart<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .Validate(o => o.Provider != StorageProvider.Postgres || IsPostgresConnectionString(connectionString),
                "Storage:Provider=Postgres needs ConnectionStrings:RecoveryWorker as an Npgsql connection string (Host=...;Database=...;Username=...; the password from an environment variable or a mounted secret).");

        if (storage.Provider == StorageProvider.Postgres)
        {
            // A restarted server leaves the pool full of dead connections: retry transient failures a few times on
            // fresh ones rather than fail every job once per dead connection. Claims stay safe: a retried conditional
            // update that had already landed finds the version changed and fails like any lost race.
            builder.Services.AddDbContextFactory<RecoveryDbContext>(options => options.UseNpgsql(connectionString, npgsql => npgsql.EnableRetryOnFailure(3, TimeSpan.FromSeconds(2), null)));
        }
        else
        {
            builder.Services.AddDbContextFactory<RecoveryDbContext>(options => options.UseSqlite(connectionString));
        }

        builder.Services.AddSingleton<ILocalTicketStore, EfLocalTicketStore>();
        builder.Services.AddSingleton<StorageMigrator>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("state-store", tags: ["ready"]);
        return builder;
    }

    /// <summary>
    /// Prepares the store before anything reads it. SQLite: creates the file's folder and the schema. PostgreSQL:
    /// applies the migrations only when Storage:MigrateOnStart is set; otherwise the database may even be down, and
    /// the worker starts anyway (readiness says so; Hangfire and Quartz retry until it is back).
    /// </summary>
    public static async Task InitializeStorageAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        if (options.Provider == StorageProvider.Postgres)
        {
            if (options.MigrateOnStart)
            {
                await services.GetRequiredService<StorageMigrator>().MigrateAsync(cancellationToken);
            }

            return;
        }

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

    /// <summary>The migrate command: PostgreSQL gets every migration and Hangfire's schema; SQLite gets its schema.</summary>
    public static async Task MigrateStorageAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageProvider.Postgres)
        {
            await services.GetRequiredService<StorageMigrator>().MigrateAsync(cancellationToken);
        }
        else
        {
            await services.InitializeStorageAsync(cancellationToken);
        }
    }

    private static bool IsPostgresConnectionString(string connectionString)
    {
        try
        {
            return !string.IsNullOrWhiteSpace(new NpgsqlConnectionStringBuilder(connectionString).Host);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
