using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NJsonSchema;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Carriers.Ups;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using YamlDotNet.Serialization;

namespace RecoveryWorker.Connectors.Tests.Carriers.Ups;

public sealed class UpsTrackerTests : IDisposable
{
    private const string ClientId = "test-client-id";
    private const string ClientSecret = "test-client-secret";

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
    public async Task TrackAsync_ThreeNumbers_MakesThreeCallsWithOneToken()
    {
        ServeToken(UpsPayloads.Token("token-1"));
        string[] numbers = ["1Z999AA10123456784", "1Z999AA10123456795", "1Z999AA10123456806"];
        foreach (var number in numbers)
        {
            ServeTrack(number, 200, UpsPayloads.Read("track-in-transit.json").Replace(UpsPayloads.Number, number, StringComparison.Ordinal));
        }

        var tracker = BuildTracker();
        var results = await tracker.TrackAsync(numbers, CancellationToken.None);

        Assert.Equal(1, tracker.MaxBatchSize);
        Assert.Equal(numbers.Order(StringComparer.Ordinal), results.Keys.Order(StringComparer.Ordinal));
        Assert.All(results.Values, r => Assert.Equal(TrackingStatus.InTransit, r.Value?.Status));
        // ceil(3 / MaxBatchSize 1) = 3 tracking calls; the token is fetched once and reused.
        Assert.Equal(3, TrackCalls().Count);
        Assert.Single(TokenCalls());
    }

    [Fact]
    public async Task TrackAsync_DuplicateNumbers_CallsOnceAndReturnsOneResult()
    {
        ServeToken(UpsPayloads.Token("token-1"));
        ServeTrack(UpsPayloads.Number, 200, UpsPayloads.Read("track-delivered.json"));

        var results = await BuildTracker().TrackAsync([UpsPayloads.Number, UpsPayloads.Number], CancellationToken.None);

        Assert.Single(results);
        Assert.Single(TrackCalls());
    }

    [Fact]
    public async Task TrackAsync_TrackingCall_CarriesTheHeadersTheSpecRequires()
    {
        ServeToken(UpsPayloads.Token("token-1"));
        ServeTrack(UpsPayloads.Number, 200, UpsPayloads.Read("track-delivered.json"));
        ServeTrack("1Z999AA10123456795", 200, UpsPayloads.Read("track-delivered.json"));

        await BuildTracker().TrackAsync([UpsPayloads.Number, "1Z999AA10123456795"], CancellationToken.None);

        var calls = TrackCalls();
        Assert.Equal(2, calls.Count);
        foreach (var call in calls)
        {
            var headers = call.RequestMessage!.Headers!;
            Assert.Equal("Bearer token-1", headers["Authorization"].Single());
            Assert.Equal("RecoveryWorker", headers["transactionSrc"].Single());
            var transId = headers["transId"].Single();
            Assert.InRange(transId.Length, 1, 32);
            Assert.Equal("en_US", call.RequestMessage.Query!["locale"].Single());
            foreach (var required in RequiredTrackingHeaders())
            {
                Assert.True(headers.ContainsKey(required), $"the spec requires header {required}");
            }
        }

        Assert.NotEqual(calls[0].RequestMessage!.Headers!["transId"].Single(), calls[1].RequestMessage!.Headers!["transId"].Single());
        Assert.Equal(["transId", "transactionSrc"], RequiredTrackingHeaders());
    }

    [Fact]
    public async Task TrackAsync_Logs_NeverCarrySecretsTokensOrAddresses()
    {
        ServeToken(UpsPayloads.Token("token-1"));
        ServeTrack(UpsPayloads.Number, 200, UpsPayloads.Read("track-delivered.json"));
        ServeTrack("1Z999AA10123456795", 401, UpsPayloads.Read("error-auth-401.json"));
        ServeTrack("1Z999AA10123456806", 200, "not json");

        var tracker = BuildTracker(fakeLogging: true);
        await tracker.TrackAsync([UpsPayloads.Number, "1Z999AA10123456795", "1Z999AA10123456806"], CancellationToken.None);

        var records = _providers[^1].GetFakeLogCollector().GetSnapshot();
        Assert.Contains(records, r => r.Id.Id == 2202);   // token refused, retried
        Assert.Contains(records, r => r.Id.Id == 2204);   // malformed answer
        foreach (var record in records.Where(r => r.Category?.Contains("Ups", StringComparison.Ordinal) == true))
        {
            Assert.InRange(record.Id.Id, 2201, 2299);
            foreach (var secret in new[] { ClientSecret, "token-1", "DUNLAP", "Basic " })
            {
                Assert.DoesNotContain(secret, record.Message, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public async Task TrackAsync_TokenRequest_IsBasicAuthAndAFormBodyValidAgainstTheOfficialSpec()
    {
        ServeToken(UpsPayloads.Token("token-1"));
        ServeTrack(UpsPayloads.Number, 200, UpsPayloads.Read("track-delivered.json"));

        await BuildTracker().TrackAsync([UpsPayloads.Number], CancellationToken.None);

        var request = Assert.Single(TokenCalls()).RequestMessage!;
        Assert.Equal("POST", request.Method);
        var expectedAuth = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}"));
        Assert.Equal(expectedAuth, request.Headers!["Authorization"].Single());
        Assert.StartsWith("application/x-www-form-urlencoded", request.Headers["Content-Type"].Single(), StringComparison.Ordinal);
        Assert.Equal("grant_type=client_credentials", request.Body);

        var form = new JsonObject { ["grant_type"] = "client_credentials" };
        var schema = await JsonSchema.FromJsonAsync(OAuthFormSchemaJson());
        Assert.Empty(schema.Validate(form.ToJsonString()));
    }

    [Fact]
    public async Task TrackAsync_ExpiresInAsNumber_IsAccepted()
    {
        ServeToken(UpsPayloads.Token("token-1", expiresIn: "14399"));
        ServeTrack(UpsPayloads.Number, 200, UpsPayloads.Read("track-delivered.json"));
        var tracker = BuildTracker();

        var first = await tracker.TrackAsync([UpsPayloads.Number], CancellationToken.None);
        var second = await tracker.TrackAsync([UpsPayloads.Number], CancellationToken.None);

        Assert.True(first[UpsPayloads.Number].IsSuccess, first[UpsPayloads.Number].Error?.Message);
        Assert.True(second[UpsPayloads.Number].IsSuccess);
        Assert.Single(TokenCalls());
    }

    [Fact]
    public async Task TrackAsync_TokenRefused_EveryNumberIsUnauthorized()
    {
        _server.Given(Request.Create().WithPath(UpsPayloads.TokenPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(401).WithBody("""{"response":{"errors":[{"code":"10401","message":"ClientId is Invalid"}]}}"""));

        var results = await BuildTracker().TrackAsync([UpsPayloads.Number, "1Z999AA10123456795"], CancellationToken.None);

        Assert.Equal(2, results.Count);
        Assert.All(results.Values, r => Assert.Equal(ConnectorErrorKind.Unauthorized, r.Error?.Kind));
        Assert.All(results.Values, r => Assert.DoesNotContain(ClientSecret, r.Error!.Message, StringComparison.Ordinal));
        Assert.Empty(TrackCalls());
    }

    [Fact]
    public async Task TrackAsync_TokenWithoutAccessToken_IsMalformed()
    {
        ServeToken("""{"status":"approved"}""");

        var results = await BuildTracker().TrackAsync([UpsPayloads.Number], CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Malformed, results[UpsPayloads.Number].Error?.Kind);
    }

    [Fact]
    public async Task TrackAsync_401EvenWithAFreshToken_IsUnauthorizedAfterOneRetry()
    {
        ServeToken(UpsPayloads.Token("token-1"));
        ServeTrack(UpsPayloads.Number, 401, UpsPayloads.Read("error-auth-401.json"));

        var results = await BuildTracker().TrackAsync([UpsPayloads.Number], CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Unauthorized, results[UpsPayloads.Number].Error?.Kind);
        Assert.Equal(2, TrackCalls().Count);
        Assert.Equal(2, TokenCalls().Count);
    }

    [Fact]
    public async Task TrackAsync_404ErrorShape_IsNotFound()
    {
        ServeToken(UpsPayloads.Token("token-1"));
        ServeTrack(UpsPayloads.Number, 404, UpsPayloads.Read("error-not-found-404.json"));

        var result = (await BuildTracker().TrackAsync([UpsPayloads.Number], CancellationToken.None))[UpsPayloads.Number];

        Assert.Equal(ConnectorErrorKind.NotFound, result.Error?.Kind);
        Assert.Contains("TW0001", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrackAsync_InvalidNumber400_IsRejectedWithUpsCode()
    {
        ServeToken(UpsPayloads.Token("token-1"));
        ServeTrack("1Z", 400, UpsPayloads.Read("error-invalid-number-400.json"));

        var result = (await BuildTracker().TrackAsync(["1Z"], CancellationToken.None))["1Z"];

        Assert.Equal(ConnectorErrorKind.Rejected, result.Error?.Kind);
        Assert.Contains("TV1002", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrackAsync_OneMalformedAmongSeveral_OnlyThatNumberIsMalformed()
    {
        ServeToken(UpsPayloads.Token("token-1"));
        ServeTrack(UpsPayloads.Number, 200, UpsPayloads.Read("track-delivered.json"));
        ServeTrack("1Z999AA10123456795", 200, "{\"trackResponse\":");
        ServeTrack("1Z999AA10123456806", 200, UpsPayloads.Read("track-not-found.json"));

        var results = await BuildTracker().TrackAsync([UpsPayloads.Number, "1Z999AA10123456795", "1Z999AA10123456806"], CancellationToken.None);

        Assert.Equal(TrackingStatus.Delivered, results[UpsPayloads.Number].Value?.Status);
        Assert.Equal(ConnectorErrorKind.Malformed, results["1Z999AA10123456795"].Error?.Kind);
        Assert.Equal(ConnectorErrorKind.NotFound, results["1Z999AA10123456806"].Error?.Kind);
    }

    [Fact]
    public async Task TrackAsync_EmptyNumber_IsRejectedWithoutACall()
    {
        var results = await BuildTracker().TrackAsync([" "], CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Rejected, results[" "].Error?.Kind);
        Assert.Empty(_server.LogEntries);
    }

    [Fact]
    public async Task TrackAsync_Cancelled_Throws()
    {
        ServeToken(UpsPayloads.Token("token-1"));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => BuildTracker().TrackAsync([UpsPayloads.Number], cancelled.Token));
    }

    private ICarrierTracker BuildTracker(bool fakeLogging = false)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Carriers:Ups:Enabled"] = "true",
            ["Carriers:Ups:BaseUrl"] = _server.Url,
            ["Carriers:Ups:ClientId"] = ClientId,
            ["Carriers:Ups:ClientSecret"] = ClientSecret,
            ["Carriers:Ups:RequestsPerSecond"] = "100",
            ["Carriers:Ups:MaxRetryAfterWait"] = "00:00:00",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        if (fakeLogging)
        {
            services.AddFakeLogging(o => o.CollectRecordsForDisabledLogLevels = true);
        }
        else
        {
            services.AddLogging();
        }

        var provider = services.AddUps().BuildServiceProvider(validateScopes: true);
        _providers.Add(provider);
        return provider.GetServices<ICarrierTracker>().Single(t => t.Carrier == CarrierCode.Ups);
    }

    private void ServeToken(string body) =>
        _server.Given(Request.Create().WithPath(UpsPayloads.TokenPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body));

    private void ServeTrack(string number, int status, string body) =>
        _server.Given(Request.Create().WithPath(UpsPayloads.TrackPrefix + number).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));

    private List<ILogEntry> TrackCalls() => _server.LogEntries.Where(e => e.RequestMessage?.Path?.StartsWith(UpsPayloads.TrackPrefix, StringComparison.Ordinal) == true).ToList();

    private List<ILogEntry> TokenCalls() => _server.LogEntries.Where(e => e.RequestMessage?.Path == UpsPayloads.TokenPath).ToList();

    /// <summary>
    /// The official spec as JSON. Tracking.yaml as published has TAB characters, CRLF endings and whitespace-only lines
    /// inside block scalars, which YamlDotNet refuses: trailing whitespace is stripped first (no value changes).
    /// </summary>
    private static JsonNode Spec(string file)
    {
        var yaml = Regex.Replace(File.ReadAllText(UpsPayloads.Conformance("specs", file)), @"[ \t\r]+$", "", RegexOptions.Multiline);
        var graph = new DeserializerBuilder().Build().Deserialize<object>(yaml);
        var json = new SerializerBuilder().JsonCompatible().Build().Serialize(graph);
        return JsonNode.Parse(json)!;
    }

    private static string OAuthFormSchemaJson() =>
        Spec("carrier-ups-oauth-client-credentials-openapi.yaml")["paths"]!["/security/v1/oauth/token"]!["post"]!["requestBody"]!["content"]!["application/x-www-form-urlencoded"]!["schema"]!
            .ToJsonString(new JsonSerializerOptions());

    private static List<string> RequiredTrackingHeaders() =>
        Spec("carrier-ups-tracking-openapi.yaml")["paths"]!["/track/v1/details/{inquiryNumber}"]!["get"]!["parameters"]!.AsArray()
            .Where(p => p!["in"]!.GetValue<string>() == "header" && p["required"]?.ToString() is "true" or "True")
            .Select(p => p!["name"]!.GetValue<string>())
            .ToList();
}
