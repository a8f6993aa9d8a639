using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Carriers.Ups;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace RecoveryWorker.Connectors.Tests.Carriers;

/// <summary>
/// A burst of tracking work against one carrier, judged from what the carrier's server saw (WireMock's request log):
/// one token for everyone, an even request rate, and silence while a 429's Retry-After runs.
/// Timing-sensitive, so it runs alone (<see cref="RunsAlone"/>).
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class CarrierBurstTests : IDisposable
{
    private const double RequestsPerSecond = 20;
    private readonly WireMockServer _server = WireMockServer.Start();

    private static string Payload(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Carriers", "Ups", "Payloads", name));

    private ICarrierTracker Ups(ServiceProvider? keep = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Carriers:Ups:Enabled"] = "true",
            ["Carriers:Ups:BaseUrl"] = _server.Url + "/",
            ["Carriers:Ups:ClientId"] = "burst-client",
            ["Carriers:Ups:ClientSecret"] = "burst-secret",
            ["Carriers:Ups:RequestsPerSecond"] = RequestsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Carriers:Ups:MaxRetryAfterWait"] = "00:00:10",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddUps();
        _provider = services.BuildServiceProvider();
        return _provider.GetServices<ICarrierTracker>().Single(t => t.Carrier == CarrierCode.Ups);
    }

    private ServiceProvider? _provider;

    private void ServeToken() => _server.Given(Request.Create().WithPath("/security/v1/oauth/token").UsingPost())
        .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Payload("token.json")).WithDelay(TimeSpan.FromMilliseconds(200)));

    private List<DateTime> TrackingCalls() => [.. _server.LogEntries
        .Where(e => e.RequestMessage?.Path?.StartsWith("/api/track/", StringComparison.Ordinal) == true)
        .Select(e => e.RequestMessage!.DateTime)
        .Order()];

    [Fact]
    public async Task TrackAsync_BurstOf100_OneTokenRequestAndNoMoreThanRequestsPerSecond()
    {
        ServeToken();
        _server.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher("/api/track/v1/details/*")).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Payload("track-in-transit.json")));
        var ups = Ups();

        // 100 batch jobs at once, one number each (UPS tracks one number per call).
        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => ups.TrackAsync([$"1Z{i:D16}"], CancellationToken.None)));

        Assert.All(results, r => Assert.True(r.Single().Value.IsSuccess, r.Single().Value.Error?.Message));
        Assert.Equal(1, _server.LogEntries.Count(e => e.RequestMessage?.Path == "/security/v1/oauth/token"));
        var calls = TrackingCalls();
        Assert.Equal(100, calls.Count);

        // In any one-second window the server saw about the configured rate. Requests leave the limiter evenly
        // spaced; their arrival times jitter on a loaded 2-core machine (22 seen), so a window may catch a few
        // extra. Unthrottled calls would show 100, a bucket refilled a second's worth at a time 40.
        var worst = calls.Select(start => calls.Count(t => t >= start && t < start.AddSeconds(1))).Max();
        Assert.True(worst <= RequestsPerSecond * 1.25, $"{worst} requests within one second; the limit is {RequestsPerSecond}/s");
        Assert.True(calls[^1] - calls[0] >= TimeSpan.FromSeconds((100 / RequestsPerSecond) - 1.5), $"100 calls took only {calls[^1] - calls[0]}");
    }

    [Fact]
    public async Task TrackAsync_429WithRetryAfter_NoRequestReachesTheCarrierBeforeItPasses()
    {
        ServeToken();
        _server.Given(Request.Create().WithPath("/api/track/v1/details/1Z0000000000000001").UsingGet()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "2"));
        _server.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher("/api/track/v1/details/*")).UsingGet()).AtPriority(2)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Payload("track-in-transit.json")));
        var ups = Ups();

        var first = await ups.TrackAsync(["1Z0000000000000001"], CancellationToken.None);
        var rest = await Task.WhenAll(Enumerable.Range(2, 10).Select(i => ups.TrackAsync([$"1Z{i:D16}"], CancellationToken.None)));

        Assert.Equal(ConnectorErrorKind.RateLimited, first.Single().Value.Error?.Kind);
        Assert.All(rest, r => Assert.True(r.Single().Value.IsSuccess, r.Single().Value.Error?.Message));
        var calls = TrackingCalls();
        Assert.Equal(11, calls.Count);
        Assert.True(calls[1] - calls[0] >= TimeSpan.FromSeconds(1.9), $"the next call came {calls[1] - calls[0]} after the 429 (Retry-After: 2)");
    }

    public void Dispose()
    {
        _provider?.Dispose();
        _server.Stop();
        _server.Dispose();
    }
}

/// <summary>Tests that measure time run one at a time, not beside the rest of the assembly.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "timing";
}
