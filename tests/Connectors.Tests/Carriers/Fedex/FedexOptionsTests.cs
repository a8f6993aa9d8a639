using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Carriers.Fedex;

namespace RecoveryWorker.Connectors.Tests.Carriers.Fedex;

public sealed class FedexOptionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddFedex().BuildServiceProvider();
    }

    [Fact]
    public void Validate_EnabledWithoutSecret_FailsNamingTheKey()
    {
        using var services = Build(new() { ["Carriers:Fedex:Enabled"] = "true", ["Carriers:Fedex:ClientId"] = "id" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<FedexOptions>>().Value);

        Assert.Contains("Carriers:Fedex:ClientSecret is required when Carriers:Fedex:Enabled is true", error.Failures);
        Assert.DoesNotContain(error.Failures, f => f.Contains("ClientId", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_EnabledWithEveryProblem_ReportsThemAll()
    {
        using var services = Build(new()
        {
            ["Carriers:Fedex:Enabled"] = "true",
            ["Carriers:Fedex:MaxBatchSize"] = "31",
            ["Carriers:Fedex:RequestsPerSecond"] = "0",
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<FedexOptions>>().Value);

        Assert.Equal(4, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.StartsWith("Carriers:Fedex:ClientId is required", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Carriers:Fedex:ClientSecret is required", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Carriers:Fedex:MaxBatchSize must be between 1 and 30", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Carriers:Fedex:RequestsPerSecond must be greater than 0", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_DisabledWithoutSecrets_IsValidWithProductionDefaults()
    {
        using var services = Build([]);

        var options = services.GetRequiredService<IOptions<FedexOptions>>().Value;

        Assert.False(options.Enabled);
        Assert.Equal(new Uri("https://apis.fedex.com/"), options.BaseUrl);
        Assert.Equal(30, options.MaxBatchSize);
        Assert.Equal("Carriers:Fedex", FedexOptions.SectionName);
    }

    [Fact]
    public void AddFedex_CalledTwice_RegistersOneTrackerAndOneValidator()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([]).Build();
        var collection = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        collection.AddFedex();
        collection.AddFedex();
        using var services = collection.BuildServiceProvider();

        Assert.Single(services.GetServices<ICarrierTracker>(), t => t.Carrier == CarrierCode.Fedex);
        Assert.Single(services.GetServices<IValidateOptions<FedexOptions>>());
    }
}
