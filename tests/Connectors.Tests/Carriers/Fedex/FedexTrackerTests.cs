using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Carriers.Fedex;
using WireMock.RequestBuilders;
using WireMock.Server;

namespace RecoveryWorker.Connectors.Tests.Carriers.Fedex;

/// <summary>The tracker over HTTP (WireMock at the official paths), built through the real AddFedex().</summary>
public sealed class FedexTrackerTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly FakeLoggerProvider _logs = new();
    private ServiceProvider? _services;

    public void Dispose()
    {
        _services?.Dispose();
        _logs.Dispose();
        _server.Stop();
        _server.Dispose();
    }

    private ICarrierTracker BuildTracker(Dictionary<string, string?>? overrides = null)
    {
        var settings = FedexStubs.Configuration(_server.Url!);
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddLogging(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace))
            .AddSingleton<IConfiguration>(configuration);
        services.AddFedex();
        _services = services.BuildServiceProvider(validateScopes: true);
        return _services.GetServices<ICarrierTracker>().Single(t => t.Carrier == CarrierCode.Fedex);
    }

    private int Calls(string path) => _server.LogEntries.Count(e => e.RequestMessage?.Path == path);

    [Fact]
    public async Task TrackAsync_60Numbers_MakesTwoTrackingCallsOf30()
    {
        FedexStubs.ServeToken(_server);
        FedexStubs.ServeNotFoundForEveryNumber(_server);
        var numbers = Enumerable.Range(0, 60).Select(i => (700000000000L + i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var tracker = BuildTracker();

        var results = await tracker.TrackAsync(numbers, CancellationToken.None);

        Assert.Equal(30, tracker.MaxBatchSize);
        var bodies = FedexStubs.TrackBodies(_server);
        Assert.Equal(2, bodies.Count);
        Assert.All(bodies, body => Assert.Equal(30, FedexStubs.NumbersIn(body).Count));
        Assert.Equal(numbers, bodies.SelectMany(FedexStubs.NumbersIn));
        Assert.Equal(1, Calls(FedexStubs.TokenPath));
        Assert.Equal(60, results.Count);
        Assert.All(results.Values, r => Assert.Equal(ConnectorErrorKind.NotFound, r.Error?.Kind));
    }

    [Fact]
    public async Task TrackAsync_RepeatedAndBlankNumbers_AsksOnceAndRejectsTheBlankLocally()
    {
        FedexStubs.ServeToken(_server);
        FedexStubs.ServeNotFoundForEveryNumber(_server);
        var tracker = BuildTracker();

        var results = await tracker.TrackAsync(["111111111111", "111111111111", " "], CancellationToken.None);

        Assert.Equal(2, results.Count);
        Assert.Equal(ConnectorErrorKind.Rejected, results[" "].Error?.Kind);
        Assert.Equal(["111111111111"], FedexStubs.NumbersIn(Assert.Single(FedexStubs.TrackBodies(_server))));
    }

    [Fact]
    public async Task TrackAsync_NoNumbers_CallsNothing()
    {
        var tracker = BuildTracker();

        var results = await tracker.TrackAsync([], CancellationToken.None);

        Assert.Empty(results);
        Assert.Empty(_server.LogEntries);
    }

    [Fact]
    public async Task TrackAsync_Always_PostsClientCredentialsFormAndBearerToken()
    {
        FedexStubs.ServeToken(_server);
        FedexStubs.ServeTrack(_server, FedexStubs.Payload("track-delivered.json", "776094337676"));
        var tracker = BuildTracker();

        await tracker.TrackAsync(["776094337676"], CancellationToken.None);
        await tracker.TrackAsync(["776094337676"], CancellationToken.None);

        var token = Assert.Single(_server.LogEntries, e => e.RequestMessage?.Path == FedexStubs.TokenPath).RequestMessage!;
        Assert.Equal("POST", token.Method);
        Assert.StartsWith("application/x-www-form-urlencoded", token.Headers!["Content-Type"].Single(), StringComparison.Ordinal);
        var form = token.Body!.Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => WebUtility.UrlDecode(p[1]));
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal(FedexStubs.ClientId, form["client_id"]);
        Assert.Equal(FedexStubs.ClientSecret, form["client_secret"]);

        var tracks = _server.LogEntries.Where(e => e.RequestMessage?.Path == FedexStubs.TrackPath).Select(e => e.RequestMessage!).ToList();
        Assert.Equal(2, tracks.Count);
        Assert.All(tracks, t => Assert.Equal("Bearer fedex-test-token", t.Headers!["Authorization"].Single()));
        Assert.All(tracks, t => Assert.StartsWith("application/json", t.Headers!["Content-Type"].Single(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task TrackAsync_Delivered_MapsServiceEstimateAndEvents()
    {
        FedexStubs.ServeToken(_server);
        FedexStubs.ServeTrack(_server, FedexStubs.Payload("track-delivered.json", "776094337676"));
        var tracker = BuildTracker();

        var snapshot = (await tracker.TrackAsync(["776094337676"], CancellationToken.None))["776094337676"].Value!;

        Assert.Equal(TrackingStatus.Delivered, snapshot.Status);
        Assert.Equal(new DateTimeOffset(2024, 4, 26, 9, 26, 0, TimeSpan.FromHours(-7)), snapshot.DeliveredAt?.Instant);
        Assert.Equal("FedEx Priority Overnight", snapshot.ReportedService);
        Assert.Equal(new DateTimeOffset(2024, 4, 26, 10, 30, 0, TimeSpan.FromHours(-7)), snapshot.EstimatedDelivery?.WindowEnd?.Instant);
        Assert.Equal(["DL", "OD", "PU"], snapshot.Events.Select(e => e.CarrierCode));
        Assert.Equal([TrackingStatus.Delivered, TrackingStatus.OutForDelivery, TrackingStatus.PickedUp], snapshot.Events.Select(e => e.Status));
        Assert.Equal("CLOVIS, CA, US", snapshot.Events[0].Location);
    }

    [Fact]
    public async Task TrackAsync_Exception_KeepsCommitmentAndFailedAttemptReason()
    {
        FedexStubs.ServeToken(_server);
        FedexStubs.ServeTrack(_server, FedexStubs.Payload("track-exception.json", "776094337676"));
        var tracker = BuildTracker();

        var snapshot = (await tracker.TrackAsync(["776094337676"], CancellationToken.None))["776094337676"].Value!;

        Assert.Equal(TrackingStatus.Exception, snapshot.Status);
        Assert.Equal(ExceptionReason.FailedAttempt, snapshot.Reason);
        Assert.Equal(new DateTimeOffset(2024, 4, 25, 10, 30, 0, TimeSpan.FromHours(-7)), snapshot.CommitmentTime?.Instant);
        Assert.False(snapshot.CarrierReportsDelay);
    }

    [Fact]
    public async Task TrackAsync_400WithFedexErrors_RejectsEveryNumberOfTheCallNamingTheCode()
    {
        FedexStubs.ServeToken(_server);
        FedexStubs.ServeTrack(_server, FedexStubs.Conformance("karrio", "fedex", "error_response.json"), status: 400);
        var tracker = BuildTracker();

        var results = await tracker.TrackAsync(["111111111111", "222222222222"], CancellationToken.None);

        Assert.All(results.Values, r => Assert.Equal(ConnectorErrorKind.Rejected, r.Error?.Kind));
        Assert.Contains("TRACKING.TRACKINGNUMBER.EMPTY", results["111111111111"].Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrackAsync_TokenEndpointRefuses_ReturnsUnauthorizedWithoutTracking()
    {
        _server.Given(Request.Create().WithPath(FedexStubs.TokenPath).UsingPost())
            .RespondWith(FedexStubs.Json(401, """{"transactionId":"t","errors":[{"code":"NOT.AUTHORIZED.ERROR","message":"The given client credentials were not valid."}]}"""));
        var tracker = BuildTracker();

        var results = await tracker.TrackAsync(["111111111111", "222222222222"], CancellationToken.None);

        Assert.All(results.Values, r => Assert.Equal(ConnectorErrorKind.Unauthorized, r.Error?.Kind));
        Assert.Contains("NOT.AUTHORIZED.ERROR", results["111111111111"].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(0, Calls(FedexStubs.TrackPath));
    }

    [Fact]
    public async Task TrackAsync_401Twice_ReturnsUnauthorizedAfterOneRefresh()
    {
        FedexStubs.ServeToken(_server);
        FedexStubs.ServeTrack(_server, FedexStubs.Payload("unauthorized.json"), status: 401);
        var tracker = BuildTracker();

        var results = await tracker.TrackAsync(["111111111111"], CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Unauthorized, results["111111111111"].Error?.Kind);
        Assert.Equal(2, Calls(FedexStubs.TokenPath));
        Assert.Equal(2, Calls(FedexStubs.TrackPath));
    }

    [Fact]
    public async Task TrackAsync_TokenWithoutAccessToken_ReturnsMalformed()
    {
        _server.Given(Request.Create().WithPath(FedexStubs.TokenPath).UsingPost()).RespondWith(FedexStubs.Json(200, """{"token_type":"bearer"}"""));
        var tracker = BuildTracker();

        var results = await tracker.TrackAsync(["111111111111"], CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Malformed, results["111111111111"].Error?.Kind);
    }

    [Fact]
    public async Task TrackAsync_Always_NeverLogsSecretsOrTokens()
    {
        FedexStubs.ServeToken(_server);
        FedexStubs.ServeTrack(_server, FedexStubs.Payload("unauthorized.json"), status: 401);
        var tracker = BuildTracker();

        await tracker.TrackAsync(["111111111111"], CancellationToken.None);

        var records = _logs.Collector.GetSnapshot();
        Assert.NotEmpty(records);
        Assert.DoesNotContain(records, r => r.Message.Contains(FedexStubs.ClientSecret, StringComparison.Ordinal)
            || r.Message.Contains("fedex-test-token", StringComparison.Ordinal)
            || r.Message.Contains("Bearer", StringComparison.OrdinalIgnoreCase));
    }
}
