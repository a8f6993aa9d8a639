namespace RecoveryWorker.Recovery;

internal static class RecoveryServiceCollectionExtensions
{
    /// <summary>Applying tracking to cases, deciding follow-ups, and writing what the helpdesk is owed.</summary>
    public static IServiceCollection AddRecovery(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<FollowUpOptions, FollowUpOptionsValidator>().BindConfiguration(FollowUpOptions.SectionName);

        // Transient: each holds the helpdesk or the carrier trackers, which hold typed HttpClients that must not be
        // captured for the life of the process (the factory rotates their handlers).
        services.AddTransient<CaseMessages>();
        services.AddSingleton<CompensationBudget>();
        services.AddTransient<TrackingApplier>();
        services.AddTransient<TrackingBatch>();
        services.AddTransient<FollowUpRunner>();
        return services;
    }
}
