using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Carriers.Dhl;
using RecoveryWorker.Connectors.Tests.Carriers.Dhl;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace RecoveryWorker.Connectors.Tests.Http;

/// <summary>What the vendor HttpClient pipeline logs, judged through a DHL tracker built by the real registration.</summary>
public sealed class VendorHttpServiceCollectionExtensionsTests : IDisposable
{
    private const string Number = "00340434292135100124";
    private readonly WireMockServer _server = WireMockServer.Start();
    private ServiceProvider? _provider;

    public void Dispose()
    {
        _provider?.Dispose();
        _server.Stop();
        _server.Dispose();
    }

    private ICarrierTracker Dhl()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(DhlPayloads.Configuration(_server.Url!)).Build();
        _provider = new ServiceCollection()
            .AddLogging(logging => logging.AddFakeLogging().SetMinimumLevel(LogLevel.Trace))
            .AddSingleton<IConfiguration>(configuration)
            .AddDhl()
            .BuildServiceProvider();
        return _provider.GetServices<ICarrierTracker>().Single(t => t.Carrier == CarrierCode.Dhl);
    }

    private List<FakeLogRecord> Attempts() =>
        [.. _provider!.GetRequiredService<FakeLogCollector>().GetSnapshot().Where(r => r.Message.StartsWith("Execution attempt", StringComparison.Ordinal))];

    private static IResponseBuilder InTransit() =>
        Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(DhlPayloads.Read("in-transit.json"));

    [Fact]
    public async Task AddVendorHttpClient_SuccessfulAttempt_LogsItAtDebug()
    {
        _server.Given(Request.Create().WithPath(DhlPayloads.TrackingPath).UsingGet()).RespondWith(InTransit());

        var result = await Dhl().TrackAsync([Number], CancellationToken.None);

        Assert.True(result[Number].IsSuccess, result[Number].Error?.Message);
        var attempt = Assert.Single(Attempts());
        Assert.Equal(LogLevel.Debug, attempt.Level);
    }

    [Fact]
    public async Task AddVendorHttpClient_FailedAttemptThenSuccess_LogsTheFailureAsWarningAndTheSuccessAtDebug()
    {
        _server.Given(Request.Create().WithPath(DhlPayloads.TrackingPath).UsingGet()).InScenario("flaky").WillSetStateTo("up")
            .RespondWith(Response.Create().WithStatusCode(503));
        _server.Given(Request.Create().WithPath(DhlPayloads.TrackingPath).UsingGet()).InScenario("flaky").WhenStateIs("up")
            .RespondWith(InTransit());

        var result = await Dhl().TrackAsync([Number], CancellationToken.None);

        Assert.True(result[Number].IsSuccess, result[Number].Error?.Message);
        Assert.Equal([LogLevel.Warning, LogLevel.Debug], Attempts().Select(r => r.Level));
        Assert.Contains(_provider!.GetRequiredService<FakeLogCollector>().GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.StartsWith("Resilience event occurred. EventName: 'OnRetry'", StringComparison.Ordinal));
    }
}
