using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Carriers.Usps;

namespace RecoveryWorker.Connectors.Tests.Carriers.Usps;

public sealed class UspsOptionsTests
{
    [Fact]
    public void Value_EnabledWithoutSecret_FailsNamingTheKey()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(new() { ["Carriers:Usps:Enabled"] = "true", ["Carriers:Usps:ClientId"] = "id" }));

        Assert.Contains("Carriers:Usps:ClientSecret is required when Carriers:Usps:Enabled is true", error.Failures);
        Assert.DoesNotContain(error.Failures, f => f.Contains("ClientId", StringComparison.Ordinal));
    }

    [Fact]
    public void Value_EnabledWithSeveralProblems_ReportsThemAll()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(new()
        {
            ["Carriers:Usps:Enabled"] = "true",
            ["Carriers:Usps:MaxBatchSize"] = "36",
            ["Carriers:Usps:RequestsPerSecond"] = "0",
        }));

        Assert.Equal(4, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.StartsWith("Carriers:Usps:ClientId is required", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Carriers:Usps:MaxBatchSize", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Carriers:Usps:RequestsPerSecond", StringComparison.Ordinal));
    }

    [Fact]
    public void Value_DisabledWithoutSecrets_IsValid()
    {
        var options = Options([]);

        Assert.False(options.Enabled);
        Assert.Equal(new Uri("https://apis.usps.com/"), options.BaseUrl);
        Assert.Equal(35, options.MaxBatchSize);
    }

    [Fact]
    public void Value_EnabledWithCredentials_IsValid()
    {
        var options = Options(new() { ["Carriers:Usps:Enabled"] = "true", ["Carriers:Usps:ClientId"] = "id", ["Carriers:Usps:ClientSecret"] = "secret" });

        Assert.Equal("secret", options.ClientSecret);
    }

    private static UspsOptions Options(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddUsps().BuildServiceProvider();
        return provider.GetRequiredService<IOptions<UspsOptions>>().Value;
    }
}
