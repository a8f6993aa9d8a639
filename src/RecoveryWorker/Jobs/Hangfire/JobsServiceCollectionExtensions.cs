using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Jobs.Hangfire;

/// <summary>Hangfire and the work it runs: tracking batches, delivery of owed helpdesk writes, follow-ups.</summary>
public sealed class JobsOptions
{
    public const string SectionName = "Jobs";

    /// <summary>Run a Hangfire server in this process. Off only in tests that run jobs themselves.</summary>
    public bool RunServer { get; set; } = true;

    /// <summary>Hangfire workers in this process, 1 to 1000.</summary>
    public int WorkerCount { get; set; } = Math.Max(2, Environment.ProcessorCount * 2);

    /// <summary>
    /// PostgreSQL only: a fetched job whose worker stops sending heartbeats (process killed) becomes visible to other
    /// replicas after this long. Sliding: a long job that is alive keeps its claim, so it is never run twice at once.
    /// 5 seconds to 1 day.
    /// </summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>PostgreSQL only: how often idle workers look for new jobs, 50 ms to 5 minutes.</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// On stop (SIGTERM), workers take no new jobs at once; running jobs get this long to finish before their
    /// cancellation token fires and Hangfire puts them back in their queue for another replica. 0 to 5 minutes; keep
    /// it under HostOptions:ShutdownTimeout, which bounds the whole stop.
    /// </summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(20);
}

internal static class JobsServiceCollectionExtensions
{
    /// <summary>The <see cref="IRecoveryJobs"/> port over Hangfire, its storage and (unless off) its server.</summary>
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptionsWithValidateOnStart<JobsOptions, JobsOptionsValidator>().BindConfiguration(JobsOptions.SectionName);
        builder.Services.AddSingleton<IRecoveryJobs, HangfireRecoveryJobs>();
        builder.Services.AddTransient<TrackBatchJob>();
        builder.Services.AddTransient<DeliverEffectsJob>();
        builder.Services.AddTransient<FollowUpCheckJob>();
        builder.Services.AddTransient<ShopifyDeliveryJob>();

        // The storage is registered as this host's own instance: left to AddHangfire, DI would take the static
        // JobStorage.Current, which the last host configured in the process wins (tests run several at once).
        var jobs = builder.Configuration.GetSection(JobsOptions.SectionName).Get<JobsOptions>() ?? new JobsOptions();
        var storage = JobStorageFor(builder.Configuration, jobs);
        builder.Services.AddSingleton(storage);
        if (storage is PostgreSqlStorage)
        {
            builder.Services.AddSingleton<IAbandonedJobs>(sp => new PostgresAbandonedJobs(sp.GetRequiredService<IDbContextFactory<RecoveryDbContext>>(), jobs.InvisibilityTimeout));
        }
        else
        {
            builder.Services.AddSingleton<IAbandonedJobs, NoAbandonedJobs>();
        }

        builder.Services.AddHangfire(c => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseStorage(storage));

        if (jobs.RunServer)
        {
            builder.Services.AddHangfireServer(o =>
            {
                o.WorkerCount = jobs.WorkerCount;
                o.StopTimeout = jobs.StopTimeout;
                // Then a job that ignored its token is abandoned, not acknowledged: PostgreSQL hands it out again after
                // the invisibility timeout (the store's claims make the second run harmless).
                o.ShutdownTimeout = jobs.StopTimeout + TimeSpan.FromSeconds(5);
            });
        }

        return builder;
    }

    /// <summary>
    /// Embedded default: Hangfire in memory, one process; the state store re-creates lost work (see Sweeper).
    /// Production: Hangfire.PostgreSql in the same database, shared by every replica, with a sliding invisibility
    /// timeout (a live long job is not fetched again; a killed worker's job is, after the timeout) and a short poll.
    /// Its schema comes from the migrate command (or Storage:MigrateOnStart), never from a replica racing another.
    /// </summary>
    private static JobStorage JobStorageFor(IConfiguration configuration, JobsOptions jobs)
    {
        var (storage, connectionString) = configuration.StorageSettings();
        if (storage.Provider != StorageProvider.Postgres)
        {
            return new InMemoryStorage();
        }

        // This copy is used before the host starts (and its validation with it): a bad value must stop start-up
        // naming the key, not surface as Hangfire's own argument error.
        if (new JobsOptionsValidator().Validate(null, jobs) is { Failed: true } invalid)
        {
            throw new OptionsValidationException(JobsOptions.SectionName, typeof(JobsOptions), invalid.Failures);
        }

        var options = new PostgreSqlStorageOptions
        {
            SchemaName = StorageMigrator.HangfireSchema,
            PrepareSchemaIfNecessary = false,
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = jobs.InvisibilityTimeout,
            QueuePollInterval = jobs.QueuePollInterval,
            AllowUnsafeValues = jobs.QueuePollInterval < TimeSpan.FromSeconds(1) || jobs.InvisibilityTimeout < TimeSpan.FromMinutes(1),
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }
}
