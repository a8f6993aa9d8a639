using Quartz;
using RecoveryWorker.Polling;

namespace RecoveryWorker.Claims;

/// <summary>Carrier guarantee claims: recording outcomes, the summary, and the daily deadline check.</summary>
internal static class ClaimsServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddClaims(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddTransient<ClaimOutcomes>();
        builder.Services.AddTransient<ClaimSummary>();
        builder.Services.AddTransient<ClaimDeadlineCheck>();
        builder.Services.AddTransient<ClaimBadge>();

        // Daily at 06:00 UTC, on the sweep's scheduler like retention: with polling off there is none, and no job.
        var polling = builder.Configuration.GetSection(PollingOptions.SectionName).Get<PollingOptions>() ?? new PollingOptions();
        if (polling.Enabled)
        {
            builder.Services.AddQuartz(q => q.ScheduleJob<CheckClaimDeadlinesJob>(
                trigger => trigger.WithIdentity("check-claim-deadlines-trigger", "claims").WithCronSchedule("0 0 6 * * ?", c => c.InTimeZone(TimeZoneInfo.Utc)),
                job => job.WithIdentity(CheckClaimDeadlinesJob.Key)));
        }

        return builder;
    }
}
