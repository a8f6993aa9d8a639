using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Carriers.Ups;

namespace RecoveryWorker.Connectors.Tests.Carriers.Ups;

public sealed class UpsOptionsTests
{
    [Fact]
    public void Defaults_AreTheOfficialProductionHostAndOneNumberPerCall()
    {
        var options = new UpsOptions();

        Assert.Equal(new Uri("https://onlinetools.ups.com/"), options.BaseUrl);
        Assert.Equal(1, options.MaxBatchSize);
        Assert.False(options.Enabled);
        Assert.Equal("Carriers:Ups", UpsOptions.SectionName);
    }

    [Fact]
    public void Validate_EnabledWithoutSecret_FailsNamingTheKey()
    {
        var result = new UpsOptionsValidator().Validate(null, new UpsOptions { Enabled = true, ClientId = "id" });

        Assert.True(result.Failed);
        Assert.Contains("Carriers:Ups:ClientSecret is required when Carriers:Ups:Enabled is true", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("ClientId", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EnabledWithEverythingWrong_ReportsEveryFailure()
    {
        var result = new UpsOptionsValidator().Validate(null, new UpsOptions { Enabled = true, MaxBatchSize = 5, RequestsPerSecond = 0 });

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.StartsWith("Carriers:Ups:ClientId is required", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Carriers:Ups:ClientSecret is required", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Carriers:Ups:MaxBatchSize", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Carriers:Ups:RequestsPerSecond", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_DisabledWithoutSecrets_IsValid()
    {
        var result = new UpsOptionsValidator().Validate(null, new UpsOptions());

        Assert.False(result.Failed);
    }

    [Fact]
    public void AddUps_EnabledWithoutSecretInConfiguration_FailsOnResolveNamingTheKey()
    {
        using var provider = Build(new() { ["Carriers:Ups:Enabled"] = "true", ["Carriers:Ups:ClientId"] = "id" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<UpsOptions>>().Value);

        Assert.Contains("Carriers:Ups:ClientSecret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddUps_DisabledWithoutSecrets_ResolvesAndBindsFromConfiguration()
    {
        using var provider = Build(new() { ["Carriers:Ups:TransactionSource"] = "rw-test" });

        var options = provider.GetRequiredService<IOptions<UpsOptions>>().Value;

        Assert.False(options.Enabled);
        Assert.Equal("rw-test", options.TransactionSource);
    }

    [Fact]
    public void AddUps_CalledTwice_RegistersOneTracker()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Carriers:Ups:Enabled"] = "true",
            ["Carriers:Ups:ClientId"] = "id",
            ["Carriers:Ups:ClientSecret"] = "secret",
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddUps().AddUps().BuildServiceProvider();

        Assert.Single(provider.GetServices<RecoveryWorker.Connectors.Abstractions.ICarrierTracker>());
    }

    private static ServiceProvider Build(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddUps().BuildServiceProvider();
    }
}
