using Microsoft.Extensions.Options;
using Quartz;
using RecoveryWorker.Storage;

namespace RecoveryWorker.Polling;

[OptionsValidator]
internal sealed partial class PollingOptionsValidator : IValidateOptions<PollingOptions>;

internal static class PollingServiceCollectionExtensions
{
    /// <summary>The sweep on Quartz (RAM store embedded, clustered AdoJobStore on PostgreSQL), which hands due shipments to tracking jobs.</summary>
    public static IHostApplicationBuilder AddPolling(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptionsWithValidateOnStart<PollingOptions, PollingOptionsValidator>().BindConfiguration(PollingOptions.SectionName);
        builder.Services.AddSingleton<PushSubscriptionState>();
        builder.Services.AddTransient<PushSubscriptions>();
        builder.Services.AddSingleton<CheckSchedule>();
        // Transient: carrier trackers are typed HttpClients, which must not be held for the life of the process.
        builder.Services.AddTransient<CarrierTrackers>();
        builder.Services.AddSingleton<JobLiveness>();
        builder.Services.AddTransient<Sweeper>();
        builder.Services.AddSingleton<LastSweep>();

        // Quartz needs the interval at registration time; the validated registration above guards the same value.
        var polling = builder.Configuration.GetSection(PollingOptions.SectionName).Get<PollingOptions>() ?? new PollingOptions();
        var (storage, connectionString) = builder.Configuration.StorageSettings();
        if (polling.Enabled)
        {
            builder.Services.AddQuartz(q =>
            {
                if (storage.Provider == StorageProvider.Postgres)
                {
                    // Clustered on the shared database: every replica runs a scheduler, the sweep fires on one of
                    // them at a time ([DisallowConcurrentExecution] holds across the cluster), and a replica that
                    // stops checking in has its work taken over. Tables come from the migrations.
                    q.ConfigureScheduler(scheduler => scheduler.GenerateInstanceId = true); // instanceId = AUTO: host name + time
                    q.UsePersistentStore(store =>
                    {
                        store.UsePostgres(connectionString);
                        store.ConfigureStore(o =>
                        {
                            o.TablePrefix = QuartzSchema.TablePrefix;
                            o.SchemaProvisioning = SchemaProvisioning.None; // the migrations own the schema
                        });
                        store.UseClustering(cluster =>
                        {
                            cluster.CheckinInterval = polling.ClusterCheckinInterval;
                            cluster.CheckinMisfireThreshold = polling.ClusterCheckinInterval * 2;
                        });
                    });
                }

                q.ScheduleJob<SweepJob>(
                    trigger => trigger.WithIdentity("sweep-trigger", "polling").StartNow().WithSimpleSchedule(s => s.WithInterval(polling.SweepInterval).RepeatForever()),
                    job => job.WithIdentity(SweepJob.Key));
                // Idle unless a carrier's push is enabled (Carriers:Ups:TrackAlert:Enabled).
                q.ScheduleJob<SubscribePushJob>(
                    trigger => trigger.WithIdentity("subscribe-push-trigger", "polling").StartNow()
                        .WithSimpleSchedule(s => s.WithInterval(polling.PushSubscribeInterval).RepeatForever()),
                    job => job.WithIdentity(SubscribePushJob.Key));
            });
            builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        }

        return builder;
    }
}
