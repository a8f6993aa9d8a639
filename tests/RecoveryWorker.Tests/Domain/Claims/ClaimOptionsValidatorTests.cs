using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RecoveryWorker.Domain;
using RecoveryWorker.Domain.Claims;

namespace RecoveryWorker.Tests.Domain.Claims;

public sealed class ClaimOptionsValidatorTests
{
    [Fact]
    public void Bind_PerCarrierKeys_FillTheCarriersTerms()
    {
        var options = Resolve(new()
        {
            ["Claims:Ups:FileWithin"] = "10.00:00:00",
            ["Claims:Ups:Suspensions:0:From"] = "2026-11-23",
            ["Claims:Ups:Suspensions:0:To"] = "2026-12-31",
            ["Claims:Ups:Suspensions:0:Services:0"] = "ground",
        }).Value;

        Assert.Equal(TimeSpan.FromDays(10), options.For("ups").FileWithin);
        var suspension = Assert.Single(options.For("UPS").Suspensions);
        Assert.Equal((new DateOnly(2026, 11, 23), new DateOnly(2026, 12, 31), "ground"), (suspension.From, suspension.To, Assert.Single(suspension.Services)));
        Assert.Equal(TimeSpan.FromDays(15), options.For("fedex").FileWithin); // not configured: the default
    }

    [Fact]
    public void Validate_EveryMistake_ReportedAtOnceNamingTheKey()
    {
        var options = Resolve(new()
        {
            ["Claims:Pigeon:FileWithin"] = "5.00:00:00",
            ["Claims:Ups:FileWithin"] = "00:00:10",
            ["Claims:Ups:Suspensions:0:From"] = "2026-12-31",
            ["Claims:Ups:Suspensions:0:To"] = "2026-11-23",
        });

        var failure = Assert.Throws<OptionsValidationException>(() => options.Value);

        Assert.Contains(failure.Failures, f => f.StartsWith("Claims:Pigeon is not a carrier", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.StartsWith("Claims:Ups:FileWithin", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.StartsWith("Claims:Ups:Suspensions:0:To (2026-11-23) is before", StringComparison.Ordinal));
    }

    private static IOptions<ClaimOptions> Resolve(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddDomain();
        return services.BuildServiceProvider().GetRequiredService<IOptions<ClaimOptions>>();
    }
}
