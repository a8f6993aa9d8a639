using Quartz;
using RecoveryWorker.Polling;

namespace RecoveryWorker.Retention;

/// <summary>Personal data retention: the daily erasure job and the erasure-request endpoint.</summary>
internal static class RetentionServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddRetention(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptionsWithValidateOnStart<RetentionOptions, RetentionOptionsValidator>().BindConfiguration(RetentionOptions.SectionName);
        builder.Services.AddSingleton<PersonalDataEraser>();

        // Quartz needs the interval at registration time; the validated registration above guards the same value.
        // The job joins the sweep's scheduler (AddQuartz is additive for the default scheduler): its store, its
        // clustering, its hosted service. With polling off there is no scheduler to run it, and it is not added.
        var retention = builder.Configuration.GetSection(RetentionOptions.SectionName).Get<RetentionOptions>() ?? new RetentionOptions();
        var polling = builder.Configuration.GetSection(PollingOptions.SectionName).Get<PollingOptions>() ?? new PollingOptions();
        if (polling.Enabled)
        {
            builder.Services.AddQuartz(q => q.ScheduleJob<EraseExpiredCustomerDataJob>(
                trigger => trigger.WithIdentity("erase-expired-customer-data-trigger", "retention").StartNow()
                    .WithSimpleSchedule(s => s.WithInterval(retention.RunEvery).RepeatForever()),
                job => job.WithIdentity(EraseExpiredCustomerDataJob.Key)));
        }

        return builder;
    }
}
