using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RecoveryWorker.Connectors.Abstractions;
using WireMock.Server;

namespace RecoveryWorker.Connectors.Tests.Carriers;

/// <summary>The vendor-shaped answers a carrier's contract test must be able to serve.</summary>
public enum ContractScenario
{
    /// <summary>A delivered parcel with a delivery scan.</summary>
    Delivered,
    /// <summary>A parcel moving, not delivered.</summary>
    InTransit,
    /// <summary>A parcel with a carrier exception (damage, failed attempt...).</summary>
    Exception,
    /// <summary>The carrier does not know the number, the way this carrier says so (UPS: 200 with warning TW0001).</summary>
    NotFound,
    /// <summary>200 with a body that is not JSON.</summary>
    MalformedJson,
    /// <summary>The tracking call answers 401 once, then the delivered answer (a token expired early).</summary>
    UnauthorizedOnce,
    /// <summary>The tracking call answers 429 with "Retry-After: 2", always.</summary>
    RateLimited,
    /// <summary>The tracking call answers 500 once, then the delivered answer.</summary>
    ServerErrorOnce,
}

/// <summary>
/// What every carrier tracker must do, whatever the vendor (Wolverine's TransportCompliance pattern). Each carrier
/// adds one subclass that serves vendor-shaped answers at the official paths from WireMock, and builds the tracker
/// through its real AddXxx() registration with BaseUrl pointed at WireMock.
/// </summary>
public abstract class CarrierTrackerContract : IDisposable
{
    private ServiceProvider? _services;

    protected WireMockServer Server { get; } = WireMockServer.Start();

    protected abstract CarrierCode Carrier { get; }

    /// <summary>True when the carrier uses OAuth client credentials (every one but DHL, which uses an API key).</summary>
    protected virtual bool UsesOAuth => true;

    /// <summary>Configuration for the carrier's section, e.g. "Carriers:Ups:BaseUrl" = Server.Url, credentials, Enabled.</summary>
    protected abstract Dictionary<string, string?> Configuration();

    /// <summary>Registers the tracker through the carrier's real AddXxx().</summary>
    protected abstract void AddCarrier(IServiceCollection services);

    /// <summary>Serves the token endpoint (OAuth carriers); called before every test.</summary>
    protected abstract void ArrangeAuth();

    /// <summary>Serves <paramref name="scenario"/> for <paramref name="trackingNumber"/> at the official tracking path.</summary>
    protected abstract void Arrange(string trackingNumber, ContractScenario scenario);

    /// <summary>How many requests reached the token endpoint.</summary>
    protected abstract int TokenRequests();

    /// <summary>A tracking number this carrier would issue.</summary>
    protected abstract string TrackingNumber { get; }

    protected ICarrierTracker Tracker
    {
        get
        {
            if (_services is null)
            {
                var configuration = new ConfigurationBuilder().AddInMemoryCollection(Configuration()).Build();
                var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
                AddCarrier(services);
                _services = services.BuildServiceProvider(validateScopes: true);
            }

            return _services.GetServices<ICarrierTracker>().Single(t => t.Carrier == Carrier);
        }
    }

    protected IServiceProvider Services => _services ?? throw new InvalidOperationException("Use Tracker first.");

    private async Task<ConnectorResult<TrackingSnapshot>> TrackAsync(ContractScenario scenario)
    {
        ArrangeAuth();
        Arrange(TrackingNumber, scenario);
        var results = await Tracker.TrackAsync([TrackingNumber], CancellationToken.None);
        return Assert.Single(results, r => r.Key == TrackingNumber).Value;
    }

    [Fact]
    public async Task TrackAsync_Delivered_MapsToDeliveredWithItsInstant()
    {
        var result = await TrackAsync(ContractScenario.Delivered);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(TrackingStatus.Delivered, result.Value!.Status);
        Assert.NotNull(result.Value.DeliveredAt ?? result.Value.Events.FirstOrDefault(e => e.Status == TrackingStatus.Delivered)?.At);
        Assert.NotEmpty(result.Value.Events);
        Assert.Equal(Carrier, result.Value.Carrier);
    }

    [Fact]
    public async Task TrackAsync_InTransit_MapsToMovingStatus()
    {
        var result = await TrackAsync(ContractScenario.InTransit);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Contains(result.Value!.Status, new[] { TrackingStatus.InTransit, TrackingStatus.PickedUp, TrackingStatus.OutForDelivery });
        Assert.Null(result.Value.DeliveredAt);
    }

    [Fact]
    public async Task TrackAsync_Exception_MapsToExceptionWithReason()
    {
        var result = await TrackAsync(ContractScenario.Exception);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(TrackingStatus.Exception, result.Value!.Status);
        Assert.NotNull(result.Value.Reason);
    }

    [Fact]
    public async Task TrackAsync_UnknownNumber_ReturnsNotFound()
    {
        var result = await TrackAsync(ContractScenario.NotFound);

        Assert.False(result.IsSuccess);
        Assert.Equal(ConnectorErrorKind.NotFound, result.Error!.Kind);
    }

    [Fact]
    public async Task TrackAsync_MalformedJson_ReturnsMalformed()
    {
        var result = await TrackAsync(ContractScenario.MalformedJson);

        Assert.False(result.IsSuccess);
        Assert.Equal(ConnectorErrorKind.Malformed, result.Error!.Kind);
    }

    [Fact]
    public async Task TrackAsync_401Once_RefreshesTheTokenOnceAndSucceeds()
    {
        var result = await TrackAsync(ContractScenario.UnauthorizedOnce);

        if (UsesOAuth)
        {
            Assert.True(result.IsSuccess, result.Error?.Message);
            Assert.Equal(2, TokenRequests());
        }
        else
        {
            // An API key cannot be refreshed: say so, and let an operator fix it.
            Assert.Equal(ConnectorErrorKind.Unauthorized, result.Error?.Kind);
        }
    }

    [Fact]
    public async Task TrackAsync_429WithRetryAfter_ReturnsRateLimitedAndCallsNothingBeforeRetryAfter()
    {
        var first = await TrackAsync(ContractScenario.RateLimited);
        var callsAfterFirst = Server.LogEntries.Count(e => !IsTokenCall(e.RequestMessage?.Path ?? ""));
        var second = await Tracker.TrackAsync([TrackingNumber], CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.RateLimited, first.Error?.Kind);
        Assert.True(first.Error!.RetryAfter >= TimeSpan.FromSeconds(1), $"RetryAfter was {first.Error.RetryAfter}");
        Assert.Equal(ConnectorErrorKind.RateLimited, second[TrackingNumber].Error?.Kind);
        Assert.Equal(callsAfterFirst, Server.LogEntries.Count(e => !IsTokenCall(e.RequestMessage?.Path ?? "")));
    }

    [Fact]
    public async Task TrackAsync_500Once_IsRetriedAndSucceeds()
    {
        var result = await TrackAsync(ContractScenario.ServerErrorOnce);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(TrackingStatus.Delivered, result.Value!.Status);
    }

    /// <summary>True for the token endpoint's path, so tracking calls can be counted apart.</summary>
    protected virtual bool IsTokenCall(string path) => path.Contains("oauth", StringComparison.OrdinalIgnoreCase) || path.Contains("token", StringComparison.OrdinalIgnoreCase);

    public void Dispose()
    {
        _services?.Dispose();
        Server.Stop();
        Server.Dispose();
        GC.SuppressFinalize(this);
    }
}
