using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Carriers.Ups;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace RecoveryWorker.Connectors.Tests.Carriers.Ups;

/// <summary>
/// The Track Alert subscription client through the real <c>AddUps()</c> against WireMock at UPS's path, answering with
/// the spec's own example responses.
/// </summary>
public sealed class UpsTrackAlertTests : IDisposable
{
    private const string SubscribePath = "/api/track/v1/subscription/standard/package";
    private const string Credential = "a-long-shared-secret-for-ups";

    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly List<ServiceProvider> _providers = [];

    public void Dispose()
    {
        foreach (var provider in _providers)
        {
            provider.Dispose();
        }

        _server.Stop();
        _server.Dispose();
    }

    [Fact]
    public async Task SubscribeAsync_TwoNumbers_PostsTheSpecsRequestWithDestinationAndHeaders()
    {
        ServeToken();
        ServeSubscribe(200, """{"validTrackingNumbers":["1ZCIETST0111111114","1ZCIETST0422222228"]}""");

        var result = await Build().SubscribeAsync(["1ZCIETST0111111114", "1zcietst0422222228"], CancellationToken.None);

        Assert.Equal(["1ZCIETST0111111114", "1ZCIETST0422222228"], result.Value!.Subscribed);
        Assert.Empty(result.Value.Refused);
        var call = Assert.Single(SubscribeCalls()).RequestMessage!;
        Assert.Equal("Bearer token-1", call.Headers!["Authorization"].Single());
        Assert.Equal("RecoveryWorker", call.Headers["transactionSrc"].Single());
        Assert.InRange(call.Headers["transId"].Single().Length, 1, 32);
        var body = JsonNode.Parse(call.Body!)!;
        // The spec's "Standard Request" example, plus v1's destination (v2's schema allows additional properties).
        var example = UpsTrackAlertEventsTests.Spec()["paths"]!["/subscription/{type}/package"]!["post"]!["requestBody"]!["content"]!["application/json"]!["examples"]!["1"]!["value"]!;
        foreach (var (name, value) in example.AsObject())
        {
            Assert.True(JsonNode.DeepEquals(value, body[name]), $"{name}: {body[name]?.ToJsonString()} is not the example's {value?.ToJsonString()}");
        }

        Assert.Equal("https://recovery.example.com/webhooks/ups/track-alert", body["destination"]!["url"]!.GetValue<string>());
        Assert.Equal("Bearer", body["destination"]!["credentialType"]!.GetValue<string>());
        Assert.Equal(Credential, body["destination"]!["credential"]!.GetValue<string>());
    }

    [Fact]
    public async Task SubscribeAsync_PartialSuccessExample_SubscribesTheValidAndRefusesTheInvalid()
    {
        ServeToken();
        ServeSubscribe(200, Example("200", "PartialSuccessExample"));

        var result = await Build().SubscribeAsync(["1Z1234567891234556", "1Z1234567$8"], CancellationToken.None);

        Assert.Equal(["1Z1234567891234556"], result.Value!.Subscribed);
        Assert.Equal(["1Z1234567$8"], result.Value.Refused);
    }

    [Fact]
    public async Task SubscribeAsync_NumberMissingFromBothLists_CountsAsNotSubscribed()
    {
        ServeToken();
        ServeSubscribe(200, Example("200", "CompleteSuccessExample"));

        var result = await Build().SubscribeAsync(["1Z1234567891234556", "1Z9999999999999999"], CancellationToken.None);

        Assert.Equal(["1Z1234567891234556"], result.Value!.Subscribed);
        Assert.Equal(["1Z9999999999999999"], result.Value.Refused);
    }

    [Fact]
    public async Task SubscribeAsync_400NamingOnlyNumbers_RefusesThoseNumbersWithTheCode()
    {
        ServeToken();
        ServeSubscribe(400, """{"invalidTrackingNumbers":["1ZCIETST0111111114"],"response":{"errors":[{"code":"VSS215","message":"The tracking number that was submitted is not a valid CIE tracking number and has been rejected."}]}}""");

        var result = await Build().SubscribeAsync(["1ZCIETST0111111114", "1ZCIETST0422222228"], CancellationToken.None);

        Assert.True(result.IsSuccess);
        Assert.Equal(["1ZCIETST0111111114"], result.Value!.Refused);
        Assert.Equal(["1ZCIETST0422222228"], result.Value.Subscribed);
        Assert.Equal("VSS215", result.Value.Codes);
    }

    [Fact]
    public async Task SubscribeAsync_400Vss210WithoutNumbers_RefusesEveryNumber()
    {
        ServeToken();
        ServeSubscribe(400, """{"invalidTrackingNumbers":[],"response":{"errors":[{"code":"VSS210","message":"The Subscription request should have at least one valid tracking number. The Subscription request has been rejected."}]}}""");

        var result = await Build().SubscribeAsync(["1ZCIETST0111111114", "1ZCIETST0422222228"], CancellationToken.None);

        Assert.Empty(result.Value!.Subscribed);
        Assert.Equal(2, result.Value.Refused.Count);
        Assert.Equal("VSS210", result.Value.Codes);
    }

    [Fact]
    public async Task SubscribeAsync_400Example_RequestRefusedIsRejectedNamingTheCode()
    {
        ServeToken();
        ServeSubscribe(400, ExampleOf("400"));

        var result = await Build().SubscribeAsync(["1Z1234567891234556"], CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Rejected, result.Error!.Kind);
        Assert.Contains("VSS300", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubscribeAsync_500Example_IsTransient()
    {
        ServeToken();
        ServeSubscribe(500, ExampleOf("500"));

        var result = await Build().SubscribeAsync(["1Z1234567891234556"], CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Transient, result.Error!.Kind);
        Assert.Contains("10004", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubscribeAsync_401Example_FetchesANewTokenOnceThenBelievesIt()
    {
        ServeToken();
        ServeSubscribe(401, ExampleOf("401"));

        var result = await Build().SubscribeAsync(["1Z1234567891234556"], CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Unauthorized, result.Error!.Kind);
        Assert.Equal(2, SubscribeCalls().Count);
        Assert.Equal(2, _server.LogEntries.Count(e => e.RequestMessage?.Path == UpsPayloads.TokenPath));
    }

    [Fact]
    public async Task SubscribeAsync_101Numbers_IsRejectedWithoutACall()
    {
        var numbers = Enumerable.Range(0, 101).Select(i => $"1ZRWTEST{i:D10}").ToList();

        var result = await Build().SubscribeAsync(numbers, CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Rejected, result.Error!.Kind);
        Assert.Empty(_server.LogEntries);
    }

    [Theory]
    [InlineData("1Z1234567891234556", true)]
    [InlineData("1R12345678912345", true)]
    [InlineData("1R12345678912345678901234567", true)]
    [InlineData("1R123456789123456789012345", false)]   // the spec's own example, which its pattern (1R + 26) refuses
    [InlineData("1Z1234567$8", false)]
    [InlineData("794644790132", false)]
    public void Accepts_TheSpecsTrackingNumberPattern(string number, bool accepted) =>
        Assert.Equal(accepted, Build().Accepts(number));

    [Fact]
    public void Subscriber_Enabled_TakesTheSpecsLimitsAndLifetime()
    {
        var subscriber = Build();

        Assert.True(subscriber.Enabled);
        Assert.Equal(100, subscriber.MaxBatchSize);
        Assert.Equal(TimeSpan.FromDays(14), subscriber.SubscriptionLifetime);
        Assert.Equal(TimeSpan.FromDays(2), subscriber.RenewBefore);
    }

    [Fact]
    public void Options_EnabledWithoutUpsUrlOrCredential_FailsNamingEachKey()
    {
        var provider = Provider(new Dictionary<string, string?>
        {
            ["Carriers:Ups:TrackAlert:Enabled"] = "true",
            ["Carriers:Ups:TrackAlert:WebhookUrl"] = "http://recovery.example.com/webhooks/ups/track-alert",
            ["Carriers:Ups:TrackAlert:WebhookCredential"] = "short",
            ["Carriers:Ups:TrackAlert:RenewBefore"] = "14.00:00:00",
        }, upsEnabled: false);

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<UpsOptions>>().Value);

        foreach (var key in new[] { "Carriers:Ups:Enabled", "TrackAlert:WebhookUrl", "TrackAlert:WebhookCredential", "TrackAlert:RenewBefore" })
        {
            Assert.Contains(ex.Failures, f => f.Contains(key, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Options_TrackAlertOff_NeedsNothing()
    {
        var provider = Provider(new Dictionary<string, string?>(), upsEnabled: false);

        Assert.False(provider.GetRequiredService<IOptions<UpsOptions>>().Value.TrackAlert.Enabled);
        Assert.False(provider.GetServices<IPushSubscriber>().Single().Enabled);
    }

    private IPushSubscriber Build() => Provider(new Dictionary<string, string?>
    {
        ["Carriers:Ups:TrackAlert:Enabled"] = "true",
        ["Carriers:Ups:TrackAlert:WebhookUrl"] = "https://recovery.example.com/webhooks/ups/track-alert",
        ["Carriers:Ups:TrackAlert:WebhookCredential"] = Credential,
    }).GetServices<IPushSubscriber>().Single(s => s.Carrier == CarrierCode.Ups);

    private ServiceProvider Provider(Dictionary<string, string?> settings, bool upsEnabled = true)
    {
        var all = new Dictionary<string, string?>
        {
            ["Carriers:Ups:Enabled"] = upsEnabled ? "true" : "false",
            ["Carriers:Ups:BaseUrl"] = _server.Url,
            ["Carriers:Ups:ClientId"] = "test-client-id",
            ["Carriers:Ups:ClientSecret"] = "test-client-secret",
            ["Carriers:Ups:RequestsPerSecond"] = "100",
            ["Carriers:Ups:MaxRetryAfterWait"] = "00:00:00",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        var provider = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddUps().BuildServiceProvider(validateScopes: true);
        _providers.Add(provider);
        return provider;
    }

    private void ServeToken() =>
        _server.Given(Request.Create().WithPath(UpsPayloads.TokenPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(UpsPayloads.Token("token-1")));

    private void ServeSubscribe(int status, string body) =>
        _server.Given(Request.Create().WithPath(SubscribePath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));

    private List<ILogEntry> SubscribeCalls() => [.. _server.LogEntries.Where(e => e.RequestMessage?.Path == SubscribePath)];

    private static JsonNode Responses() => UpsTrackAlertEventsTests.Spec()["paths"]!["/subscription/{type}/package"]!["post"]!["responses"]!;

    /// <summary>A named example of a response in the spec.</summary>
    private static string Example(string status, string name) =>
        Responses()[status]!["content"]!["application/json"]!["examples"]![name]!["value"]!.ToJsonString();

    /// <summary>The single example of a response in the spec.</summary>
    private static string ExampleOf(string status) =>
        Responses()[status]!["content"]!["application/json"]!["example"]!.ToJsonString();
}
