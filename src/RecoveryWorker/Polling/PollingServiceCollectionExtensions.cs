using Microsoft.Extensions.Options;
using Quartz;

namespace RecoveryWorker.Polling;

[OptionsValidator]
internal sealed partial class PollingOptionsValidator : IValidateOptions<PollingOptions>;

internal static class PollingServiceCollectionExtensions
{
    /// <summary>The sweep on Quartz's RAM store, and the tracking batch job it enqueues.</summary>
    public static IHostApplicationBuilder AddPolling(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptionsWithValidateOnStart<PollingOptions, PollingOptionsValidator>().BindConfiguration(PollingOptions.SectionName);
        builder.Services.AddSingleton<CheckSchedule>();
        // Transient: carrier trackers are typed HttpClients, which must not be held for the life of the process.
        builder.Services.AddTransient<CarrierTrackers>();
        builder.Services.AddSingleton<JobLiveness>();
        builder.Services.AddTransient<Sweeper>();
        builder.Services.AddTransient<TrackBatchJob>();

        // Quartz needs the interval at registration time; the validated registration above guards the same value.
        var polling = builder.Configuration.GetSection(PollingOptions.SectionName).Get<PollingOptions>() ?? new PollingOptions();
        if (polling.Enabled)
        {
            builder.Services.AddQuartz(q => q.ScheduleJob<SweepJob>(
                trigger => trigger.WithIdentity("sweep-trigger", "polling").StartNow().WithSimpleSchedule(s => s.WithInterval(polling.SweepInterval).RepeatForever()),
                job => job.WithIdentity(SweepJob.Key)));
            builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        }

        return builder;
    }
}
