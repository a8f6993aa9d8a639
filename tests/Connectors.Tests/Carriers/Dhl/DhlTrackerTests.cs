using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Carriers.Dhl;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace RecoveryWorker.Connectors.Tests.Carriers.Dhl;

public sealed class DhlTrackerTests : IDisposable
{
    private static readonly string[] DistinctNumbers = ["A1", "B2", "C3"];

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

    private (ICarrierTracker Tracker, FakeLogCollector Logs) Build(Action<Dictionary<string, string?>>? configure = null)
    {
        var settings = DhlPayloads.Configuration(_server.Url!);
        configure?.Invoke(settings);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddFakeLogging().SetMinimumLevel(LogLevel.Trace))
            .AddSingleton<IConfiguration>(configuration)
            .AddDhl();
        var provider = services.BuildServiceProvider(validateScopes: true);
        _providers.Add(provider);
        return (provider.GetServices<ICarrierTracker>().Single(t => t.Carrier == CarrierCode.Dhl), provider.GetRequiredService<FakeLogCollector>());
    }

    private void Serve(string payload, int status = 200, string? trackingNumber = null)
    {
        var request = Request.Create().WithPath(DhlPayloads.TrackingPath).UsingGet();
        if (trackingNumber is not null)
        {
            request = request.WithParam("trackingNumber", trackingNumber);
        }

        _server.Given(request).RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(DhlPayloads.Read(payload)));
    }

    private List<string?> TrackedNumbers() => _server.LogEntries
        .Where(e => e.RequestMessage?.Path == DhlPayloads.TrackingPath)
        .Select(e => e.RequestMessage!.Query is { } query && query.TryGetValue("trackingNumber", out var values) ? values.SingleOrDefault() : null)
        .ToList();

    [Fact]
    public async Task TrackAsync_429WhileAnotherCallIsQueued_QueuedCallWaitsForRetryAfter()
    {
        // The first request DHL sees answers 429 Retry-After: 3, every later one 200. Two calls start together; at
        // 1 per second the second is queued for a second, during which the 429 arrives.
        _server.Given(Request.Create().WithPath(DhlPayloads.TrackingPath).UsingGet()).InScenario("rate").WillSetStateTo("limited")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "3").WithHeader("Content-Type", "application/problem+json").WithBody(DhlPayloads.Read("too-many-requests.json")));
        _server.Given(Request.Create().WithPath(DhlPayloads.TrackingPath).UsingGet()).InScenario("rate").WhenStateIs("limited")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(DhlPayloads.Read("in-transit.json")));
        var (tracker, _) = Build(settings =>
        {
            settings["Carriers:Dhl:RequestsPerSecond"] = "1";
            settings["Carriers:Dhl:MaxRetryAfterWait"] = "00:00:10";
        });

        // A cold server can take most of a second to answer its first request; warm it up outside the tracker.
        using (var warmUp = new HttpClient())
        {
            await warmUp.GetAsync(new Uri(_server.Url + "/warm-up"));
        }

        var results = await Task.WhenAll(tracker.TrackAsync(["A1"], CancellationToken.None), tracker.TrackAsync(["B2"], CancellationToken.None));

        Assert.Single(results, r => r.Single().Value.Error?.Kind == ConnectorErrorKind.RateLimited);
        Assert.Single(results, r => r.Single().Value.IsSuccess);
        var sent = _server.LogEntries.Where(e => e.RequestMessage?.Path == DhlPayloads.TrackingPath).Select(e => e.RequestMessage!.DateTime).Order().ToList();
        Assert.Equal(2, sent.Count);
        Assert.True(sent[1] - sent[0] >= TimeSpan.FromSeconds(2.9), $"the queued call went out {sent[1] - sent[0]} after the one answered 429 (Retry-After: 3)");
    }

    [Fact]
    public async Task TrackAsync_SeveralNumbersWithADuplicate_CallsOncePerDistinctNumber()
    {
        Serve("in-transit.json");
        var (tracker, _) = Build();
        string[] numbers = ["A1", "B2", "A1", "C3"];

        var results = await tracker.TrackAsync(numbers, CancellationToken.None);

        Assert.Equal(1, tracker.MaxBatchSize);
        // ceil(3 distinct / MaxBatchSize 1) = 3 calls.
        Assert.Equal(DistinctNumbers, TrackedNumbers().Order());
        Assert.Equal(DistinctNumbers, results.Keys.Order());
        Assert.All(results, r => Assert.Equal(r.Key, r.Value.Value?.TrackingNumber));
    }

    [Fact]
    public async Task TrackAsync_OneNumberRefused_OthersStillSucceed()
    {
        Serve("delivered.json", trackingNumber: "GOOD");
        _server.Given(Request.Create().WithPath(DhlPayloads.TrackingPath).WithParam("trackingNumber", "BAD").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(400).WithBody("""{ "status": 400, "title": "Bad Request" }"""));
        var (tracker, _) = Build();

        var results = await tracker.TrackAsync(["BAD", "GOOD"], CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Rejected, results["BAD"].Error?.Kind);
        Assert.Equal(TrackingStatus.Delivered, results["GOOD"].Value?.Status);
    }

    [Fact]
    public async Task TrackAsync_Request_IsTheOneTheOfficialSpecDescribes()
    {
        Serve("in-transit.json");
        var (tracker, _) = Build(s => s["Carriers:Dhl:Service"] = "parcel-de");

        await tracker.TrackAsync(["00340434292135100124"], CancellationToken.None);

        using var spec = JsonDocument.Parse(File.ReadAllText(DhlPayloads.Spec));
        var serverPath = new Uri(spec.RootElement.GetProperty("servers")[0].GetProperty("url").GetString()!).AbsolutePath;
        Assert.True(spec.RootElement.GetProperty("paths").TryGetProperty("/shipments", out var operation));
        var parameters = spec.RootElement.GetProperty("components").GetProperty("parameters");
        var declared = operation.GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Select(p => parameters.GetProperty(p.GetProperty("$ref").GetString()!.Split('/')[^1]))
            .ToDictionary(p => p.GetProperty("name").GetString()!);
        var apiKeyHeader = spec.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKeyAuth").GetProperty("name").GetString()!;

        var request = Assert.Single(_server.LogEntries).RequestMessage!;
        Assert.Equal(serverPath + "/shipments", request.Path);
        Assert.Equal("GET", request.Method);
        Assert.Equal(DhlPayloads.ApiKey, Assert.Single(request.Headers![apiKeyHeader]));
        foreach (var (name, values) in request.Query!)
        {
            Assert.True(declared.TryGetValue(name, out var parameter), $"query parameter {name} is not in the spec");
            var value = Assert.Single(values);
            if (parameter.GetProperty("schema").TryGetProperty("enum", out var allowed))
            {
                Assert.Contains(value, allowed.EnumerateArray().Select(a => a.GetString()));
            }
        }

        Assert.All(declared.Values.Where(p => p.TryGetProperty("required", out var r) && r.GetBoolean()), p => Assert.True(request.Query.ContainsKey(p.GetProperty("name").GetString()!)));
        Assert.Equal("parcel-de", Assert.Single(request.Query["service"]));
        Assert.Equal("en", Assert.Single(request.Query["language"]));
    }

    [Fact]
    public async Task TrackAsync_NoServiceConfigured_SendsNoServiceHint()
    {
        Serve("in-transit.json");
        var (tracker, _) = Build();

        await tracker.TrackAsync(["00340434292135100124"], CancellationToken.None);

        Assert.False(Assert.Single(_server.LogEntries).RequestMessage!.Query!.ContainsKey("service"));
    }

    [Fact]
    public async Task TrackAsync_404WithoutDhlsProblemDocument_ReturnsRejectedNotNotFound()
    {
        // Nothing served: WireMock answers 404 with its own body, as a wrong BaseUrl would.
        var (tracker, logs) = Build();

        var result = (await tracker.TrackAsync(["00340434292135100124"], CancellationToken.None))["00340434292135100124"];

        Assert.Equal(ConnectorErrorKind.Rejected, result.Error?.Kind);
        Assert.Contains(logs.GetSnapshot(), r => r.Id.Id == 2504);
    }

    [Fact]
    public async Task TrackAsync_404ProblemDocument_ReturnsNotFoundWithDhlsTitle()
    {
        Serve("not-found.json", 404);
        var (tracker, _) = Build();

        var result = (await tracker.TrackAsync(["00340434292135100124"], CancellationToken.None))["00340434292135100124"];

        Assert.Equal(ConnectorErrorKind.NotFound, result.Error?.Kind);
        Assert.Contains("No result found", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrackAsync_401_LogsThatTheKeyWasRefusedWithoutTheKeyAtAnyLevel()
    {
        Serve("unauthorized.json", 401);
        var (tracker, logs) = Build();

        var result = (await tracker.TrackAsync(["00340434292135100124"], CancellationToken.None))["00340434292135100124"];

        Assert.Equal(ConnectorErrorKind.Unauthorized, result.Error?.Kind);
        Assert.Single(_server.LogEntries);
        Assert.Contains(logs.GetSnapshot(), r => r.Id.Id == 2502);
        // Trace included: the HttpClient factory's header log redacts its message but carried the raw values in its
        // structured state, which Serilog would print as properties.
        Assert.DoesNotContain(logs.GetSnapshot(), r => r.Message.Contains(DhlPayloads.ApiKey, StringComparison.Ordinal)
            || r.StructuredState?.Any(kv => kv.Value?.Contains(DhlPayloads.ApiKey, StringComparison.Ordinal) == true) == true);
        Assert.DoesNotContain(DhlPayloads.ApiKey, result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrackAsync_SeveralShipmentsForOneNumber_LogsTheChoice()
    {
        _server.Given(Request.Create().WithPath(DhlPayloads.TrackingPath).UsingGet()).RespondWith(Response.Create().WithStatusCode(200).WithBody("""
            { "shipments": [
                { "id": "N1", "service": "express", "status": { "timestamp": "2026-05-01T10:00:00Z", "statusCode": "delivered" } },
                { "id": "N1", "service": "parcel-de", "status": { "timestamp": "2026-05-04T10:00:00Z", "statusCode": "transit" } } ] }
            """));
        var (tracker, logs) = Build();

        var result = (await tracker.TrackAsync(["N1"], CancellationToken.None))["N1"];

        Assert.Equal(TrackingStatus.InTransit, result.Value?.Status);
        Assert.Contains(logs.GetSnapshot(), r => r.Id.Id == 2505 && r.Message.Contains("parcel-de", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TrackAsync_BlankNumber_IsRejectedWithoutACall()
    {
        var (tracker, _) = Build();

        var results = await tracker.TrackAsync([" "], CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Rejected, results[" "].Error?.Kind);
        Assert.Empty(_server.LogEntries);
    }

    [Fact]
    public async Task TrackAsync_Disabled_AnswersUnauthorizedWithoutACall()
    {
        Serve("delivered.json");
        var (tracker, _) = Build(s => s["Carriers:Dhl:Enabled"] = "false");

        var results = await tracker.TrackAsync(["00340434292135100124"], CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.Unauthorized, results["00340434292135100124"].Error?.Kind);
        Assert.Empty(_server.LogEntries);
    }

    [Fact]
    public async Task TrackAsync_Cancelled_Throws()
    {
        Serve("in-transit.json");
        var (tracker, _) = Build();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tracker.TrackAsync(["00340434292135100124"], cancellation.Token));
    }
}
