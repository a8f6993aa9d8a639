using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Carriers.Dhl;

namespace RecoveryWorker.Connectors.Tests.Carriers.Dhl;

public sealed class DhlOptionsTests
{
    private static DhlOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddDhl().BuildServiceProvider();
        return provider.GetRequiredService<IOptions<DhlOptions>>().Value;
    }

    [Fact]
    public void Defaults_AreDhlsProductionHostOneNumberPerCallAndTheStarterPlan()
    {
        var options = new DhlOptions();

        Assert.Equal(new Uri("https://api-eu.dhl.com/"), options.BaseUrl);
        Assert.Equal(1, options.MaxBatchSize);
        Assert.Equal(1, options.RequestsPerSecond);
        Assert.Equal(250, options.DailyQuota);
        Assert.Equal("en", options.Language);
        Assert.False(options.Enabled);
    }

    [Fact]
    public void Validate_EnabledWithoutApiKey_FailsNamingTheKey()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["Carriers:Dhl:Enabled"] = "true" }));

        Assert.Contains("Carriers:Dhl:ApiKey is required when Carriers:Dhl:Enabled is true", ex.Failures);
    }

    [Fact]
    public void Validate_DisabledWithoutSecrets_IsValid()
    {
        var options = Resolve(new() { ["Carriers:Dhl:Enabled"] = "false" });

        Assert.False(options.Enabled);
        Assert.Equal("", options.ApiKey);
    }

    [Fact]
    public void Validate_EnabledWithSeveralProblems_ReportsEveryOne()
    {
        var result = new DhlOptionsValidator().Validate(null, new DhlOptions { Enabled = true, MaxBatchSize = 5, RequestsPerSecond = 0, Language = "english" });

        Assert.True(result.Failed);
        Assert.Equal(4, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.Contains("Carriers:Dhl:ApiKey", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Carriers:Dhl:MaxBatchSize", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Carriers:Dhl:RequestsPerSecond", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Carriers:Dhl:Language", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_EnabledAndComplete_Succeeds()
    {
        var options = Resolve(new() { ["Carriers:Dhl:Enabled"] = "true", ["Carriers:Dhl:ApiKey"] = "key", ["Carriers:Dhl:Service"] = "express" });

        Assert.Equal("key", options.ApiKey);
        Assert.Equal("express", options.Service);
    }
}
