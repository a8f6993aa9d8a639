namespace RecoveryWorker.Effects;

internal static class EffectsServiceCollectionExtensions
{
    /// <summary>Delivering owed helpdesk writes: the ticket (with its claim), comments, escalations, reopens.</summary>
    public static IServiceCollection AddEffects(this IServiceCollection services)
    {
        // Transient: they hold the helpdesk, a typed HttpClient that must not be captured for the life of the process.
        services.AddTransient<TicketOpener>();
        services.AddTransient<EffectDelivery>();
        services.AddTransient<RemedyIssuing>();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<Domain.Remedies.RemedyOptions>, RemedyIssuerValidator>();
        services.AddSingleton<EscalationGroups>();
        services.AddHostedService<EscalationGroupCheck>();
        services.AddHealthChecks().AddCheck<HelpdeskHealthCheck>("helpdesk", tags: ["ready"]);
        return services;
    }
}
