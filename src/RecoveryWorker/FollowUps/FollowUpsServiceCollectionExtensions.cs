using Hangfire;
using Hangfire.InMemory;
using Microsoft.Extensions.Options;
using RecoveryWorker.Recovery;
using RecoveryWorker.Tickets;

namespace RecoveryWorker.FollowUps;

[OptionsValidator]
internal sealed partial class FollowUpOptionsValidator : IValidateOptions<FollowUpOptions>;

/// <summary>Hangfire and the work it runs: ticket opening, tracking batches, follow-ups.</summary>
public sealed class JobsOptions
{
    public const string SectionName = "Jobs";

    /// <summary>Run a Hangfire server in this process. Off only in tests that run jobs themselves.</summary>
    public bool RunServer { get; set; } = true;

    /// <summary>Hangfire workers in this process.</summary>
    public int WorkerCount { get; set; } = Math.Max(2, Environment.ProcessorCount * 2);
}

internal static class FollowUpsServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddFollowUps(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptionsWithValidateOnStart<FollowUpOptions, FollowUpOptionsValidator>().BindConfiguration(FollowUpOptions.SectionName);
        builder.Services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.SectionName);

        // Transient: each holds the helpdesk or the carrier trackers, which hold typed HttpClients that must not be
        // captured for the life of the process (the factory rotates their handlers).
        builder.Services.AddTransient<CaseNotifier>();
        builder.Services.AddTransient<ShipmentChecker>();
        builder.Services.AddTransient<TicketOpener>();
        builder.Services.AddTransient<FollowUpRunner>();
        builder.Services.AddTransient<OpenTicketJob>();
        builder.Services.AddHealthChecks().AddCheck<HelpdeskHealthCheck>("helpdesk", tags: ["ready"]);
        builder.Services.AddTransient<FollowUpCheckJob>();

        // The embedded default keeps Hangfire in memory: the state store re-creates lost work (see Sweeper).
        // The storage is registered as this host's own instance: left to AddHangfire, DI would take the static
        // JobStorage.Current, which the last host configured in the process wins (tests run several at once).
        var storage = new InMemoryStorage();
        builder.Services.AddSingleton<JobStorage>(storage);
        builder.Services.AddHangfire(c => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseStorage(storage));

        var jobs = builder.Configuration.GetSection(JobsOptions.SectionName).Get<JobsOptions>() ?? new JobsOptions();
        if (jobs.RunServer)
        {
            builder.Services.AddHangfireServer(o => o.WorkerCount = jobs.WorkerCount);
        }

        return builder;
    }
}
