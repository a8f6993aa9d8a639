using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RecoveryWorker.Domain.Claims;
using RecoveryWorker.Domain.Remedies;

namespace RecoveryWorker.Domain;

internal static class DomainServiceCollectionExtensions
{
    /// <summary>The breach rules and the remedy policy, with their options validated on start.</summary>
    public static IServiceCollection AddDomain(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptionsWithValidateOnStart<DetectionOptions, DetectionOptionsRangeValidator>().BindConfiguration(DetectionOptions.SectionName);
        services.AddSingleton<IValidateOptions<DetectionOptions>, DetectionOptionsValidator>();
        services.AddOptionsWithValidateOnStart<RemedyOptions, RemedyOptionsRangeValidator>().BindConfiguration(RemedyOptions.SectionName);
        services.AddSingleton<IValidateOptions<RemedyOptions>, RemedyOptionsValidator>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<BusinessCalendars>();
        services.AddSingleton(sp => new ServiceCatalog(sp.GetRequiredService<IOptions<DetectionOptions>>().Value.Services));
        services.AddSingleton<PromiseCalculator>();
        services.AddSingleton<BreachDetector>();
        services.AddSingleton<RemedyPolicy>();

        // Claims:{Carrier}:... binds straight into the per-carrier map (no "Carriers" level in the keys).
        services.AddOptions<ClaimOptions>().Configure<IConfiguration>((o, config) => config.GetSection(ClaimOptions.SectionName).Bind(o.Carriers)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClaimOptions>, ClaimOptionsValidator>();
        services.AddSingleton<ClaimRules>();
        return services;
    }
}
