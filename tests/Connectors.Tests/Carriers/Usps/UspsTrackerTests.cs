using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Carriers.Usps;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace RecoveryWorker.Connectors.Tests.Carriers.Usps;

/// <summary>The USPS tracker end to end against WireMock: batching, multi-status, tokens, mapping of real-shaped answers.</summary>
public sealed class UspsTrackerTests : IDisposable
{
    private const string Delivered = "9400109104250532908587";
    private const string Unknown = "9400100000000000000000";

    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly List<ServiceProvider> _providers = [];
    private readonly FakeLogCollector _logs = new();

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
    public async Task TrackAsync_70Numbers_CallsUspsTwiceWith35Each()
    {
        ServeToken();
        // Answers every number it is asked for as delivered, so the request bodies decide what comes back.
        _server.Given(Request.Create().WithPath(UspsPayloads.TrackingPath).UsingPost())
            .RespondWith(Response.Create().WithCallback(request =>
            {
                var numbers = JsonNode.Parse(request.Body!)!.AsArray().Select(n => n!["trackingNumber"]!.GetValue<string>());
                var items = numbers.Select(n => JsonNode.Parse(UspsPayloads.Read("track-delivered.json", n))!.AsArray()[0]!.DeepClone());
                return new ResponseMessage
                {
                    StatusCode = 200,
                    Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json") },
                    BodyData = new BodyData { BodyAsString = new JsonArray([.. items]).ToJsonString(), DetectedBodyType = BodyType.String },
                };
            }));
        var numbers = Enumerable.Range(1, 70).Select(i => $"94001000000000000{i:D5}").ToList();

        var results = await BuildTracker().TrackAsync(numbers, CancellationToken.None);

        var calls = TrackingBodies();
        Assert.Equal(2, calls.Count);
        Assert.All(calls, body => Assert.Equal(35, body.Count));
        Assert.Equal(numbers.Order(StringComparer.Ordinal), calls.SelectMany(b => b).Order(StringComparer.Ordinal));
        Assert.Equal(70, results.Count);
        Assert.All(numbers, n => Assert.Equal(TrackingStatus.Delivered, results[n].Value?.Status));
        Assert.Equal(n(1), results[n(1)].Value!.TrackingNumber);
        Assert.Equal(1, _server.LogEntries.Count(e => e.RequestMessage?.Path == UspsPayloads.TokenPath));

        static string n(int i) => $"94001000000000000{i:D5}";
    }

    [Fact]
    public async Task TrackAsync_TokenRequest_SendsClientCredentialsWithTrackingScopeAndUsesTheBearerToken()
    {
        ServeToken();
        ServeTracking(200, UspsPayloads.Read("track-delivered.json", Delivered));

        await BuildTracker().TrackAsync([Delivered], CancellationToken.None);

        var token = _server.LogEntries.Single(e => e.RequestMessage?.Path == UspsPayloads.TokenPath).RequestMessage!;
        var body = JsonNode.Parse(token.Body!)!;
        Assert.Equal("client_credentials", body["grant_type"]?.GetValue<string>());
        Assert.Equal("test-client", body["client_id"]?.GetValue<string>());
        Assert.Equal("test-secret", body["client_secret"]?.GetValue<string>());
        Assert.Contains("tracking", body["scope"]!.GetValue<string>().Split(' '));
        var tracking = _server.LogEntries.Single(e => e.RequestMessage?.Path == UspsPayloads.TrackingPath).RequestMessage!;
        Assert.Equal("Bearer token-1", Assert.Single(tracking.Headers!["Authorization"]));
    }

    [Fact]
    public async Task TrackAsync_MultiStatusAnswer_MapsEachItemOnItsOwn()
    {
        const string rejected = "LZ123456789US";
        ServeToken();
        var found = JsonNode.Parse(UspsPayloads.Read("track-delivered.json", Delivered))!.AsArray()[0]!.DeepClone();
        found["statusCode"] = "200";
        var missing = JsonNode.Parse(UspsPayloads.Read("track-not-found.json", Unknown))!.AsArray()[0]!.DeepClone();
        var invalid = JsonNode.Parse($$$"""{"statusCode":"400","trackingNumber":"{{{rejected}}}","error":{"code":"400","message":"Bad Request"}}""");
        ServeTracking(207, new JsonArray(missing, found, invalid).ToJsonString());

        var results = await BuildTracker().TrackAsync([Delivered, Unknown, rejected], CancellationToken.None);

        Assert.Equal(TrackingStatus.Delivered, results[Delivered].Value?.Status);
        Assert.Equal(ConnectorErrorKind.NotFound, results[Unknown].Error?.Kind);
        Assert.Contains("150006", results[Unknown].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(ConnectorErrorKind.Rejected, results[rejected].Error?.Kind);
    }

    [Fact]
    public async Task TrackAsync_Whole404_IsNotFoundForEveryNumberOfTheCall()
    {
        ServeToken();
        ServeTracking(404, UspsPayloads.Read("error-404.json"));

        var results = await BuildTracker().TrackAsync([Delivered, Unknown], CancellationToken.None);

        Assert.All(results.Values, r => Assert.Equal(ConnectorErrorKind.NotFound, r.Error?.Kind));
    }

    [Fact]
    public async Task TrackAsync_OneItemOfSurprisingShape_IsMalformedForThatNumberOnly()
    {
        ServeToken();
        var good = JsonNode.Parse(UspsPayloads.Read("track-delivered.json", Delivered))!.AsArray()[0]!.DeepClone();
        var odd = JsonNode.Parse($$"""{"trackingNumber":"{{Unknown}}","trackingEvents":"not a list"}""");
        ServeTracking(200, new JsonArray(odd, good).ToJsonString());

        var results = await BuildTracker().TrackAsync([Delivered, Unknown], CancellationToken.None);

        Assert.True(results[Delivered].IsSuccess);
        Assert.Equal(ConnectorErrorKind.Malformed, results[Unknown].Error?.Kind);
    }

    [Fact]
    public async Task TrackAsync_NumberMissingFromTheAnswer_IsMalformedForThatNumber()
    {
        ServeToken();
        ServeTracking(200, UspsPayloads.Read("track-delivered.json", Delivered));

        var results = await BuildTracker().TrackAsync([Delivered, Unknown], CancellationToken.None);

        Assert.True(results[Delivered].IsSuccess);
        Assert.Equal(ConnectorErrorKind.Malformed, results[Unknown].Error?.Kind);
    }

    [Fact]
    public async Task TrackAsync_TwoAnswersForOneNumber_TakesTheOneWithTheNewestScan()
    {
        ServeToken();
        // USPS reuses numbers; v3r2 then answers one item per mail piece (uniqueTrackingID tells them apart).
        var old = JsonNode.Parse(UspsPayloads.Read("track-delivered.json", Delivered))!.AsArray()[0]!.DeepClone();
        var current = JsonNode.Parse(UspsPayloads.Read("track-in-transit.json", Delivered))!.AsArray()[0]!.DeepClone();
        ServeTracking(200, new JsonArray(old, current).ToJsonString());

        var results = await BuildTracker().TrackAsync([Delivered], CancellationToken.None);

        Assert.Equal(TrackingStatus.InTransit, Assert.Single(results).Value.Value?.Status);
    }

    [Fact]
    public async Task TrackAsync_SameNumberSpelledTwice_AsksOnceAndAnswersEachSpelling()
    {
        ServeToken();
        ServeTracking(200, UspsPayloads.Read("track-delivered.json", Delivered));
        var spaced = "9400 1091 0425 0532 9085 87";

        var results = await BuildTracker().TrackAsync([Delivered, spaced, Delivered], CancellationToken.None);

        Assert.Equal([Delivered], Assert.Single(TrackingBodies()));
        Assert.Equal(2, results.Count);
        Assert.Equal(spaced, results[spaced].Value?.TrackingNumber);
        Assert.Equal(Delivered, results[Delivered].Value?.TrackingNumber);
    }

    [Fact]
    public async Task TrackAsync_NotAUspsNumber_IsRejectedWithoutCallingUsps()
    {
        var results = await BuildTracker().TrackAsync(["12-34"], CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Rejected, results["12-34"].Error?.Kind);
        Assert.Empty(_server.LogEntries);
    }

    [Fact]
    public async Task TrackAsync_TokenWithoutTrackingScope_IsUnauthorizedAndSkipsTracking()
    {
        _server.Given(Request.Create().WithPath(UspsPayloads.TokenPath).UsingPost())
            .RespondWith(Json(200, """{"access_token":"t","token_type":"Bearer","expires_in":28799,"scope":"addresses prices"}"""));

        var results = await BuildTracker().TrackAsync([Delivered], CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Unauthorized, results[Delivered].Error?.Kind);
        Assert.Contains("tracking", results[Delivered].Error!.Message, StringComparison.Ordinal);
        Assert.Empty(TrackingBodies());
    }

    [Fact]
    public async Task TrackAsync_TokenRefusedWithKarriosInvalidClientAnswer_IsUnauthorizedForEveryNumberWithOneTokenCall()
    {
        // karrio/usps/auth_error_response.json: what USPS answers for a wrong client id or secret.
        var refusal = await File.ReadAllTextAsync(UspsPayloads.Conformance("karrio", "usps", "auth_error_response.json"));
        _server.Given(Request.Create().WithPath(UspsPayloads.TokenPath).UsingPost()).RespondWith(Json(401, refusal));
        var numbers = Enumerable.Range(1, 40).Select(i => $"94001000000000000{i:D5}").ToList();

        var results = await BuildTracker().TrackAsync(numbers, CancellationToken.None);

        Assert.All(numbers, n => Assert.Equal(ConnectorErrorKind.Unauthorized, results[n].Error?.Kind));
        Assert.Single(_server.LogEntries);
    }

    [Fact]
    public async Task TrackAsync_TokenAnswers400InvalidClient_IsUnauthorized()
    {
        _server.Given(Request.Create().WithPath(UspsPayloads.TokenPath).UsingPost())
            .RespondWith(Json(400, """{"error":"invalid_client","error_description":"Client authentication failed."}"""));

        var results = await BuildTracker().TrackAsync([Delivered], CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Unauthorized, results[Delivered].Error?.Kind);
    }

    [Fact]
    public async Task TrackAsync_DeliveredAnswer_MapsEventsTimesServiceAndEstimate()
    {
        ServeToken();
        ServeTracking(200, UspsPayloads.Read("track-delivered.json", Delivered));

        var snapshot = (await BuildTracker().TrackAsync([Delivered], CancellationToken.None))[Delivered].Value!;

        var eastern = TimeSpan.FromHours(-5);
        Assert.Equal(TrackingStatus.Delivered, snapshot.Status);
        Assert.Null(snapshot.Reason);
        Assert.Equal("USPS Ground Advantage", snapshot.ReportedService);
        Assert.Equal(DeliveryEstimate.OnDay(new DateOnly(2024, 11, 22)), snapshot.EstimatedDelivery);
        Assert.Null(snapshot.CommitmentTime);
        Assert.False(snapshot.CarrierReportsDelay);
        Assert.Equal(new DateTimeOffset(2024, 11, 22, 13, 58, 40, eastern), snapshot.DeliveredAt?.Instant);
        Assert.Equal(eastern, snapshot.DeliveredAt?.Offset);
        Assert.Equal(["01", "OF", "03", "GX"], snapshot.Events.Select(e => e.CarrierCode));
        Assert.Equal(
            [TrackingStatus.Delivered, TrackingStatus.OutForDelivery, TrackingStatus.PickedUp, TrackingStatus.LabelCreated],
            snapshot.Events.Select(e => e.Status));
        Assert.Equal("HERNANDO, FL 34442", snapshot.Events[0].Location);
        Assert.Equal("Delivered, Parcel Locker", snapshot.Events[0].Description);
    }

    [Fact]
    public async Task TrackAsync_InTransitAnswer_MapsThePredictedWindowAsLocalWallClock()
    {
        ServeToken();
        ServeTracking(200, UspsPayloads.Read("track-in-transit.json", Delivered));

        var snapshot = (await BuildTracker().TrackAsync([Delivered], CancellationToken.None))[Delivered].Value!;

        Assert.Equal(TrackingStatus.InTransit, snapshot.Status);
        Assert.Equal("Priority Mail", snapshot.ReportedService);
        // USPS gives the window as times of day with no offset: kept as wall-clock times, never given a guessed zone.
        Assert.Equal(
            DeliveryEstimate.Window(
                CarrierTimestamp.FromWallClock(new DateTime(2026, 5, 6, 10, 0, 0)),
                CarrierTimestamp.FromWallClock(new DateTime(2026, 5, 6, 14, 0, 0))),
            snapshot.EstimatedDelivery);
        Assert.Null(snapshot.DeliveredAt);
    }

    [Fact]
    public async Task TrackAsync_ExceptionAnswer_MapsTheAttemptAndItsReason()
    {
        ServeToken();
        ServeTracking(200, UspsPayloads.Read("track-exception.json", Delivered));

        var snapshot = (await BuildTracker().TrackAsync([Delivered], CancellationToken.None))[Delivered].Value!;

        Assert.Equal(TrackingStatus.Exception, snapshot.Status);
        Assert.Equal(ExceptionReason.FailedAttempt, snapshot.Reason);
    }

    [Fact]
    public async Task TrackAsync_FailuresLogged_NeverLogTheSecretOrToken()
    {
        ServeToken();
        _server.Given(Request.Create().WithPath(UspsPayloads.TrackingPath).UsingPost()).RespondWith(Json(401, UspsPayloads.Read("error-401.json")));

        var results = await BuildTracker().TrackAsync([Delivered], CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Unauthorized, results[Delivered].Error?.Kind);
        var logs = _logs.GetSnapshot();
        Assert.Contains(logs, l => l.Id.Id == 2403);
        Assert.Contains(logs, l => l.Id.Id == 2401);
        Assert.DoesNotContain(logs, l => l.Message.Contains("test-secret", StringComparison.Ordinal) || l.Message.Contains("token-1", StringComparison.Ordinal));
    }

    private ICarrierTracker BuildTracker()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(UspsPayloads.Configuration(_server.Url!)).Build();
        var services = new ServiceCollection().AddLogging(b => b.AddProvider(new FakeLoggerProvider(_logs))).AddSingleton<IConfiguration>(configuration).AddUsps();
        var provider = services.BuildServiceProvider(validateScopes: true);
        _providers.Add(provider);
        return provider.GetServices<ICarrierTracker>().Single(t => t.Carrier == CarrierCode.Usps);
    }

    private void ServeToken() =>
        _server.Given(Request.Create().WithPath(UspsPayloads.TokenPath).UsingPost()).RespondWith(Json(200, UspsPayloads.Read("token.json")));

    private void ServeTracking(int status, string body) =>
        _server.Given(Request.Create().WithPath(UspsPayloads.TrackingPath).UsingPost()).RespondWith(Json(status, body));

    private List<List<string>> TrackingBodies() =>
        [.. _server.LogEntries
            .Where(e => e.RequestMessage?.Path == UspsPayloads.TrackingPath)
            .Select(e => JsonSerializer.Deserialize<List<JsonObject>>(e.RequestMessage!.Body!)!.Select(i => i["trackingNumber"]!.GetValue<string>()).ToList())];

    private static IResponseBuilder Json(int status, string body) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);
}
