using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Helpdesks.Zendesk;
using static RecoveryWorker.Connectors.Tests.Helpdesks.Zendesk.ZendeskStubs;

namespace RecoveryWorker.Connectors.Tests.Helpdesks.Zendesk;

public sealed class ZendeskOptionsTests
{
    [Fact]
    public void AddConnectors_ProviderZendeskInAnyCase_ResolvesTheZendeskHelpdesk()
    {
        var settings = Settings("https://acme.zendesk.com");
        settings["Helpdesk:Provider"] = "zendesk";
        using var provider = Build(settings);

        var helpdesk = provider.GetRequiredService<IHelpdesk>();

        Assert.Equal("Zendesk", helpdesk.Name);
        Assert.Equal(TimeSpan.Zero, helpdesk.LookupDelay);
        Assert.NotSame(helpdesk, provider.GetRequiredService<IHelpdesk>());   // transient: the typed HttpClient is not captured
    }

    [Fact]
    public void Defaults_AreTheLowestPlansBudgetAndFifteenSeconds()
    {
        var options = new ZendeskOptions();

        Assert.Equal(3, options.RequestsPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(15), options.Timeout);
        Assert.Null(options.BaseUrl);
        Assert.Equal("Helpdesk:Zendesk", ZendeskOptions.SectionName);
    }

    [Fact]
    public void Validation_NothingConfigured_NamesEveryMissingKeyAtOnce()
    {
        using var provider = Build(new Dictionary<string, string?> { ["Helpdesk:Provider"] = "Zendesk" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ZendeskOptions>>().Value);

        Assert.Contains("Helpdesk:Zendesk:BaseUrl is required when Helpdesk:Provider is Zendesk", error.Failures.First(), StringComparison.Ordinal);
        Assert.Contains(error.Failures, f => f == "Helpdesk:Zendesk:Email is required when Helpdesk:Provider is Zendesk");
        Assert.Contains(error.Failures, f => f == "Helpdesk:Zendesk:ApiToken is required when Helpdesk:Provider is Zendesk");
        Assert.Equal(3, error.Failures.Count());
    }

    [Theory]
    [InlineData("http://acme.zendesk.com", "must be an absolute https URL")]
    [InlineData("https://acme.zendesk.com/api/v2", "without a path")]
    public void Validation_BadBaseUrl_IsRefused(string baseUrl, string expected)
    {
        using var provider = Build(Settings(baseUrl));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ZendeskOptions>>().Value);

        var failure = Assert.Single(error.Failures);
        Assert.StartsWith("Helpdesk:Zendesk:BaseUrl", failure, StringComparison.Ordinal);
        Assert.Contains(expected, failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost:9091")]
    [InlineData("http://127.0.0.1:9091")]
    [InlineData("https://acme.zendesk.com/")]
    public void Validation_HttpsOrLocalHttp_IsAccepted(string baseUrl)
    {
        using var provider = Build(Settings(baseUrl));

        Assert.Equal(new Uri(baseUrl), provider.GetRequiredService<IOptions<ZendeskOptions>>().Value.BaseUrl);
    }

    [Fact]
    public void Validation_NonPositiveRateTimeoutAndBadEmail_AreAllReported()
    {
        var settings = Settings("https://acme.zendesk.com");
        settings["Helpdesk:Zendesk:RequestsPerSecond"] = "0";
        settings["Helpdesk:Zendesk:Timeout"] = "00:00:00";
        settings["Helpdesk:Zendesk:Email"] = "agent";
        using var provider = Build(settings);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ZendeskOptions>>().Value);

        Assert.Contains(error.Failures, f => f.StartsWith("Helpdesk:Zendesk:RequestsPerSecond must be greater than 0", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Helpdesk:Zendesk:Timeout must be positive", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Helpdesk:Zendesk:Email must be", StringComparison.Ordinal));
        Assert.All(error.Failures, f => Assert.DoesNotContain(ApiToken, f, StringComparison.Ordinal));
    }

    [Fact]
    public void Validation_UnknownProvider_ListsTheAcceptedNames()
    {
        var settings = Settings("https://acme.zendesk.com");
        settings["Helpdesk:Provider"] = "Kayako";
        using var provider = Build(settings);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<HelpdeskOptions>>().Value);

        Assert.Contains("use one of Local, Zendesk, Freshdesk", error.Message, StringComparison.Ordinal);
    }
}
