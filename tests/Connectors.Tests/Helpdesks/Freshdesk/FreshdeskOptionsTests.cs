using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Helpdesks.Freshdesk;

namespace RecoveryWorker.Connectors.Tests.Helpdesks.Freshdesk;

public sealed class FreshdeskOptionsTests
{
    [Fact]
    public void Defaults_AreOneCallASecondFifteenSecondsTenMinutesOfIndexLagAndNoBaseUrl()
    {
        var options = new FreshdeskOptions();

        Assert.Equal("Helpdesk:Freshdesk", FreshdeskOptions.SectionName);
        Assert.Equal(1, options.RequestsPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(15), options.Timeout);
        Assert.Equal(TimeSpan.FromMinutes(10), options.LookupDelay);
        Assert.Equal(10, options.TicketSource);
        Assert.Null(options.BaseUrl);
        Assert.Equal("", options.ApiKey);
    }

    [Fact]
    public void Validate_Valid_Succeeds()
    {
        var result = new FreshdeskOptionsValidator().Validate(null, Valid());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_NothingSet_NamesApiKeyAndBaseUrlByFullKey()
    {
        var result = new FreshdeskOptionsValidator().Validate(null, new FreshdeskOptions());

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains("Helpdesk:Freshdesk:ApiKey is required when Helpdesk:Provider is Freshdesk", failures);
        Assert.Contains(failures, f => f.StartsWith("Helpdesk:Freshdesk:BaseUrl is required when Helpdesk:Provider is Freshdesk", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_EverythingWrong_ReportsEveryFailureAtOnce()
    {
        var options = Valid();
        options.ApiKey = " ";
        options.BaseUrl = new Uri("http://acme.freshdesk.com/api/v2");
        options.RequestsPerSecond = 0;
        options.Timeout = TimeSpan.Zero;
        options.LookupDelay = TimeSpan.FromMinutes(-1);
        options.TicketSource = 4;

        var failures = new FreshdeskOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Equal(7, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("Helpdesk:Freshdesk:ApiKey is required", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Helpdesk:Freshdesk:BaseUrl must use https", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Helpdesk:Freshdesk:BaseUrl must be the account's host without /api/v2", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Helpdesk:Freshdesk:RequestsPerSecond", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Helpdesk:Freshdesk:Timeout", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Helpdesk:Freshdesk:LookupDelay", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Helpdesk:Freshdesk:TicketSource", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://localhost:9091", true)]
    [InlineData("http://127.0.0.1:9091/", true)]
    [InlineData("https://acme.freshdesk.com", true)]
    [InlineData("http://acme.freshdesk.com", false)]
    [InlineData("ftp://acme.freshdesk.com", false)]
    public void Validate_BaseUrl_IsHttpsOrLocalHttp(string url, bool valid)
    {
        var options = Valid();
        options.BaseUrl = new Uri(url);

        Assert.Equal(valid, new FreshdeskOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_RelativeBaseUrl_Fails()
    {
        var options = Valid();
        options.BaseUrl = new Uri("acme.freshdesk.com", UriKind.Relative);

        var result = new FreshdeskOptionsValidator().Validate(null, options);

        Assert.Contains("Helpdesk:Freshdesk:BaseUrl must be an absolute URL", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AddConnectors_FreshdeskWithoutApiKey_FailsOnResolveNamingTheKey()
    {
        using var provider = Build(new() { ["Helpdesk:Provider"] = "Freshdesk", ["Helpdesk:Freshdesk:BaseUrl"] = "https://acme.freshdesk.com" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<FreshdeskOptions>>().Value);

        Assert.Contains("Helpdesk:Freshdesk:ApiKey is required when Helpdesk:Provider is Freshdesk", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Freshdesk")]
    [InlineData("freshdesk")]
    [InlineData("FRESHDESK")]
    public void AddConnectors_ProviderFreshdeskAnyCase_ResolvesTheFreshdeskHelpdesk(string name)
    {
        using var provider = Build(new()
        {
            ["Helpdesk:Provider"] = name,
            ["Helpdesk:Freshdesk:BaseUrl"] = "https://acme.freshdesk.com",
            ["Helpdesk:Freshdesk:ApiKey"] = "key",
        });

        var helpdesk = provider.GetRequiredService<IHelpdesk>();

        Assert.Equal(TimeSpan.FromMinutes(10), helpdesk.LookupDelay); // Freshdesk's search index delay, behind the health observer
        Assert.Equal("Freshdesk", helpdesk.Name);
        Assert.NotSame(helpdesk, provider.GetRequiredService<IHelpdesk>());   // transient: the typed HttpClient is not captured
        Assert.Single(provider.GetServices<IHelpdesk>());
    }

    [Fact]
    public void AddConnectors_UnknownProvider_ListsTheAcceptedNames()
    {
        using var provider = Build(new() { ["Helpdesk:Provider"] = "Kayako" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<HelpdeskOptions>>().Value);

        Assert.Contains("Helpdesk:Provider 'Kayako' is not available; use one of Local, Zendesk, Freshdesk.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddConnectors_LocalProvider_DoesNotValidateFreshdesk()
    {
        using var provider = Build(new() { ["Helpdesk:Provider"] = "Local" });

        Assert.Empty(provider.GetServices<IValidateOptions<FreshdeskOptions>>());
    }

    private static FreshdeskOptions Valid() => new() { BaseUrl = new Uri("https://acme.freshdesk.com"), ApiKey = "key" };

    private static ServiceProvider Build(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddConnectors(configuration).BuildServiceProvider();
    }
}
