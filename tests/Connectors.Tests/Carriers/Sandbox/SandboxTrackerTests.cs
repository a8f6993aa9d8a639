using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Carriers.Sandbox;

namespace RecoveryWorker.Connectors.Tests.Carriers.Sandbox;

public sealed class SandboxTrackerTests : IDisposable
{
    private const string Number = "SBX100";

    private static readonly DateTimeOffset Start = new(2026, 5, 4, 12, 0, 0, TimeSpan.Zero);

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("recoveryworker-sandbox-");
    private readonly FakeTimeProvider _time = new(Start);
    private readonly List<ServiceProvider> _providers = [];
    private readonly Lock _writeGate = new();

    private string TrackingPath => Path.Combine(_directory.FullName, "tracking.json");

    public void Dispose()
    {
        foreach (var provider in _providers)
        {
            provider.Dispose();
        }

        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task TrackAsync_KnownNumber_ReturnsSnapshotFromFile()
    {
        WriteFile($$"""
            {
              "{{Number}}": {
                "service": "Two Day",
                "estimatedDelivery": "2026-05-05",
                "commitment": "2026-05-05T20:00:00-04:00",
                "carrierReportsDelay": true,
                "events": [
                  { "at": "2026-05-04T08:00:00-04:00", "status": "InTransit", "description": "Departed facility", "location": "Newark, NJ" },
                  { "at": "2026-05-03T17:00:00-04:00", "status": "pickedUp", "description": "Picked up" }
                ]
              }
            }
            """);
        var tracker = BuildTracker();

        var snapshot = await TrackOneAsync(tracker, Number);

        Assert.Equal(CarrierCode.Sandbox, snapshot.Carrier);
        Assert.Equal(Number, snapshot.TrackingNumber);
        Assert.Equal(TrackingStatus.InTransit, snapshot.Status);
        Assert.Null(snapshot.Reason);
        Assert.Equal("Two Day", snapshot.ReportedService);
        Assert.Equal(DeliveryEstimate.OnDay(new DateOnly(2026, 5, 5)), snapshot.EstimatedDelivery);
        Assert.Equal(new DateTimeOffset(2026, 5, 5, 20, 0, 0, TimeSpan.FromHours(-4)), snapshot.CommitmentTime?.Instant);
        Assert.True(snapshot.CarrierReportsDelay);
        Assert.Null(snapshot.DeliveredAt);
        Assert.Equal(new[] { TrackingStatus.InTransit, TrackingStatus.PickedUp }, snapshot.Events.Select(e => e.Status));
        Assert.Equal("Departed facility", snapshot.Events[0].Description);
        Assert.Equal("Newark, NJ", snapshot.Events[0].Location);
        Assert.Null(snapshot.Events[1].Location);
    }

    [Fact]
    public async Task TrackAsync_TimestampEstimate_ReturnsWindowEndingThen()
    {
        WriteFile($$"""
            { "{{Number}}": { "estimatedDelivery": "2026-05-05T18:00:00-04:00", "events": [] } }
            """);
        var tracker = BuildTracker();

        var snapshot = await TrackOneAsync(tracker, Number);

        Assert.NotNull(snapshot.EstimatedDelivery);
        Assert.Null(snapshot.EstimatedDelivery.Date);
        Assert.Null(snapshot.EstimatedDelivery.WindowStart);
        Assert.Equal(new DateTimeOffset(2026, 5, 5, 18, 0, 0, TimeSpan.FromHours(-4)), snapshot.EstimatedDelivery.WindowEnd?.Instant);
    }

    [Fact]
    public async Task TrackAsync_FutureEvents_BecomeVisibleAsTimeAdvances()
    {
        WriteFile($$"""
            {
              "{{Number}}": {
                "events": [
                  { "at": "2026-05-04T11:00:00Z", "status": "PickedUp" },
                  { "at": "2026-05-04T13:00:00Z", "status": "OutForDelivery" },
                  { "at": "2026-05-04T14:00:00Z", "status": "Delivered" }
                ]
              }
            }
            """);
        var tracker = BuildTracker();

        var before = await TrackOneAsync(tracker, Number);
        _time.Advance(TimeSpan.FromHours(2));
        var after = await TrackOneAsync(tracker, Number);

        Assert.Equal(TrackingStatus.PickedUp, before.Status);
        Assert.Single(before.Events);
        Assert.Null(before.DeliveredAt);
        Assert.Equal(TrackingStatus.Delivered, after.Status);
        Assert.Equal(3, after.Events.Count);
        Assert.Equal(new DateTimeOffset(2026, 5, 4, 14, 0, 0, TimeSpan.Zero), after.DeliveredAt?.Instant);
    }

    [Fact]
    public async Task TrackAsync_NoVisibleEvents_ReturnsUnknown()
    {
        WriteFile($$"""
            { "{{Number}}": { "events": [ { "at": "2026-05-05T09:00:00Z", "status": "PickedUp" } ] } }
            """);
        var tracker = BuildTracker();

        var snapshot = await TrackOneAsync(tracker, Number);

        Assert.Equal(TrackingStatus.Unknown, snapshot.Status);
        Assert.Empty(snapshot.Events);
    }

    [Fact]
    public async Task TrackAsync_WallClockEvent_VisibleOnceUtcPassesAndKeepsNoOffset()
    {
        WriteFile($$"""
            { "{{Number}}": { "events": [ { "at": "2026-05-04T13:00:00", "status": "InTransit" } ] } }
            """);
        var tracker = BuildTracker();

        var before = await TrackOneAsync(tracker, Number);
        _time.Advance(TimeSpan.FromHours(1));
        var after = await TrackOneAsync(tracker, Number);

        Assert.Empty(before.Events);
        var scan = Assert.Single(after.Events);
        Assert.Null(scan.At.Offset);
        Assert.Equal(new DateTime(2026, 5, 4, 13, 0, 0, DateTimeKind.Unspecified), scan.At.WallClock);
    }

    [Fact]
    public async Task TrackAsync_ExceptionEvent_ReportsReason()
    {
        WriteFile($$"""
            {
              "{{Number}}": {
                "events": [
                  { "at": "2026-05-04T09:00:00Z", "status": "OutForDelivery" },
                  { "at": "2026-05-04T11:30:00Z", "status": "exception", "reason": "failedattempt", "description": "No one home" }
                ]
              }
            }
            """);
        var tracker = BuildTracker();

        var snapshot = await TrackOneAsync(tracker, Number);

        Assert.Equal(TrackingStatus.Exception, snapshot.Status);
        Assert.Equal(ExceptionReason.FailedAttempt, snapshot.Reason);
        Assert.Equal(ExceptionReason.FailedAttempt, snapshot.Events[1].Reason);
    }

    [Fact]
    public async Task TrackAsync_UnknownNumber_ReturnsNotFoundNamingIt()
    {
        WriteFile($$"""{ "{{Number}}": { "events": [] } }""");
        var tracker = BuildTracker();

        var results = await tracker.TrackAsync(["NOPE42"], CancellationToken.None);

        var error = Assert.Single(results).Value.Error;
        Assert.NotNull(error);
        Assert.Equal(ConnectorErrorKind.NotFound, error.Kind);
        Assert.Contains("NOPE42", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrackAsync_DuplicateNumbers_ReturnsOneResultPerNumber()
    {
        WriteFile($$"""{ "{{Number}}": { "events": [] } }""");
        var tracker = BuildTracker();

        var results = await tracker.TrackAsync([Number, "NOPE42", Number, "NOPE42"], CancellationToken.None);

        Assert.Equal(2, results.Count);
        Assert.True(results[Number].IsSuccess);
        Assert.False(results["NOPE42"].IsSuccess);
    }

    [Fact]
    public async Task TrackAsync_NumberInOtherCase_FindsParcel()
    {
        WriteFile("""{ "sbx100": { "events": [] } }""");
        var tracker = BuildTracker();

        var snapshot = await TrackOneAsync(tracker, Number);

        Assert.Equal(Number, snapshot.TrackingNumber);
    }

    [Fact]
    public async Task TrackAsync_FileRewritten_SeesNewContent()
    {
        WriteFile($$"""{ "{{Number}}": { "service": "Ground", "events": [] } }""");
        var tracker = BuildTracker();
        var first = await TrackOneAsync(tracker, Number);

        WriteFile($$"""{ "{{Number}}": { "service": "Next Day Air", "events": [] }, "SBX200": { "events": [] } }""");
        var results = await tracker.TrackAsync([Number, "SBX200"], CancellationToken.None);

        Assert.Equal("Ground", first.ReportedService);
        Assert.Equal("Next Day Air", results[Number].Value?.ReportedService);
        Assert.True(results["SBX200"].IsSuccess);
    }

    [Theory]
    [InlineData("""{ "SBX100": { "service": "SECRET-CONTENT", "events": [ """)]
    [InlineData("""{ "SBX100": { "service": "SECRET-CONTENT", "events": [ { "at": "2026-05-04T09:00:00Z", "status": "Teleported" } ] } }""")]
    [InlineData("""{ "SBX100": { "service": "SECRET-CONTENT", "events": [ { "at": "2026-05-04T09:00:00Z", "status": "7" } ] } }""")]
    [InlineData("""{ "SBX100": { "service": "SECRET-CONTENT", "events": [ { "at": "yesterday-ish", "status": "Delivered" } ] } }""")]
    [InlineData("""{ "SBX100": { "service": "SECRET-CONTENT" } }""")]
    [InlineData("""{ "SBX100": { "service": "SECRET-CONTENT", "events": null } }""")]
    [InlineData("""{ "SBX100": { "service": "SECRET-CONTENT", "estimatedDelivery": "soon", "events": [] } }""")]
    [InlineData("""{ "SBX100": { "service": "SECRET-CONTENT", "failure": "meteor", "events": [] } }""")]
    [InlineData("""{ "SBX100": { "service": "SECRET-CONTENT", "events": [] }, "sbx100": { "events": [] } }""")]
    [InlineData("null")]
    [InlineData("")]
    public async Task TrackAsync_MalformedRewrite_KeepsPreviousContentAndWarnsWithoutContent(string malformed)
    {
        WriteFile($$"""{ "{{Number}}": { "service": "Ground", "events": [] } }""");
        var (tracker, provider) = BuildTrackerWithProvider();
        await TrackOneAsync(tracker, Number);

        WriteFile(malformed);
        var afterFirst = await TrackOneAsync(tracker, Number);
        var afterSecond = await TrackOneAsync(tracker, Number);

        Assert.Equal("Ground", afterFirst.ReportedService);
        Assert.Equal("Ground", afterSecond.ReportedService);
        var warning = Assert.Single(provider.GetFakeLogCollector().GetSnapshot(), r => r.Level == LogLevel.Warning);
        Assert.Contains(TrackingPath, warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-CONTENT", warning.Message, StringComparison.Ordinal);
        if (malformed.Length > 4)
        {
            Assert.DoesNotContain(malformed, warning.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TrackAsync_MalformedThenFixed_SeesFixedContent()
    {
        WriteFile($$"""{ "{{Number}}": { "service": "Ground", "events": [] } }""");
        var tracker = BuildTracker();
        await TrackOneAsync(tracker, Number);
        WriteFile("{ not json");
        await TrackOneAsync(tracker, Number);

        WriteFile($$"""{ "{{Number}}": { "service": "Two Day", "events": [] } }""");
        var snapshot = await TrackOneAsync(tracker, Number);

        Assert.Equal("Two Day", snapshot.ReportedService);
    }

    [Fact]
    public async Task TrackAsync_MissingFile_ReturnsNotFoundAndWarnsOnce()
    {
        var (tracker, provider) = BuildTrackerWithProvider();

        var first = await tracker.TrackAsync([Number], CancellationToken.None);
        var second = await tracker.TrackAsync([Number], CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.NotFound, first[Number].Error?.Kind);
        Assert.Equal(ConnectorErrorKind.NotFound, second[Number].Error?.Kind);
        var warning = Assert.Single(provider.GetFakeLogCollector().GetSnapshot(), r => r.Level == LogLevel.Warning);
        Assert.Contains(TrackingPath, warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrackAsync_FileCreatedAfterStart_SeesContent()
    {
        var tracker = BuildTracker();
        await tracker.TrackAsync([Number], CancellationToken.None);

        WriteFile($$"""{ "{{Number}}": { "events": [] } }""");
        var results = await tracker.TrackAsync([Number], CancellationToken.None);

        Assert.True(results[Number].IsSuccess);
    }

    [Fact]
    public async Task TrackAsync_FileDeleted_ForgetsParcels()
    {
        WriteFile($$"""{ "{{Number}}": { "events": [] } }""");
        var tracker = BuildTracker();
        await TrackOneAsync(tracker, Number);

        File.Delete(TrackingPath);
        var results = await tracker.TrackAsync([Number], CancellationToken.None);

        Assert.Equal(ConnectorErrorKind.NotFound, results[Number].Error?.Kind);
    }

    [Theory]
    [InlineData("transient", ConnectorErrorKind.Transient)]
    [InlineData("ratelimited", ConnectorErrorKind.RateLimited)]
    [InlineData("RateLimited", ConnectorErrorKind.RateLimited)]
    [InlineData("unauthorized", ConnectorErrorKind.Unauthorized)]
    [InlineData("malformed", ConnectorErrorKind.Malformed)]
    public async Task TrackAsync_FailureField_ReturnsMatchingError(string failure, ConnectorErrorKind expected)
    {
        WriteFile($$"""
            {
              "{{Number}}": { "failure": "{{failure}}", "events": [ { "at": "2026-05-04T09:00:00Z", "status": "PickedUp" } ] },
              "SBX200": { "events": [] }
            }
            """);
        var tracker = BuildTracker();

        var results = await tracker.TrackAsync([Number, "SBX200"], CancellationToken.None);

        var error = results[Number].Error;
        Assert.NotNull(error);
        Assert.Equal(expected, error.Kind);
        Assert.Contains(Number, error.Message, StringComparison.Ordinal);
        Assert.Equal(expected is ConnectorErrorKind.RateLimited ? TimeSpan.FromSeconds(30) : null, error.RetryAfter);
        Assert.True(results["SBX200"].IsSuccess);
    }

    [Fact]
    public async Task TrackAsync_MoreThanMaxBatchSize_Throws()
    {
        WriteFile("{}");
        var tracker = BuildTracker(new() { ["Carriers:Sandbox:MaxBatchSize"] = "2" });

        await Assert.ThrowsAsync<ArgumentException>(() => tracker.TrackAsync(["A", "B", "C"], CancellationToken.None));
    }

    [Fact]
    public async Task TrackAsync_RelativeTrackingFile_ResolvesAgainstCurrentDirectory()
    {
        WriteFile($$"""{ "{{Number}}": { "events": [] } }""");
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), TrackingPath);
        var tracker = BuildTracker(new() { ["Carriers:Sandbox:TrackingFile"] = relative });

        var snapshot = await TrackOneAsync(tracker, Number);

        Assert.Equal(Number, snapshot.TrackingNumber);
    }

    [Fact]
    public async Task TrackAsync_ConcurrentCallsDuringRewrites_AllSucceed()
    {
        WriteFile($$"""{ "{{Number}}": { "service": "Ground", "events": [] } }""");
        var tracker = BuildTracker();

        var calls = Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            if (i % 50 == 0)
            {
                WriteFile($$"""{ "{{Number}}": { "service": "Ground {{i}}", "events": [] } }""");
            }

            return await tracker.TrackAsync([Number], CancellationToken.None);
        }));
        var results = await Task.WhenAll(calls);

        Assert.All(results, r => Assert.True(r[Number].IsSuccess));
    }

    [Fact]
    public async Task TrackAsync_FirstCallWhileFileIsBeingRewritten_KeepsContentFromStart()
    {
        WriteFile($$"""{ "{{Number}}": { "service": "Ground", "events": [] } }""");
        var tracker = BuildTracker();

        // A rewrite truncates the file before writing it; the first call lands in between.
        WriteFile(string.Empty);
        var during = await TrackOneAsync(tracker, Number);
        WriteFile($$"""{ "{{Number}}": { "service": "Two Day", "events": [] } }""");
        var after = await TrackOneAsync(tracker, Number);

        Assert.Equal("Ground", during.ReportedService);
        Assert.Equal("Two Day", after.ReportedService);
    }

    [Fact]
    public void AddSandboxCarrier_ResolvesOneSandboxTracker_EvenWhenCalledTwice()
    {
        var services = NewServices([]);
        services.AddSandboxCarrier();
        services.AddSandboxCarrier();
        var provider = Keep(services.BuildServiceProvider(validateScopes: true));

        var tracker = Assert.Single(provider.GetServices<ICarrierTracker>());

        Assert.Equal(CarrierCode.Sandbox, tracker.Carrier);
        Assert.Equal(50, tracker.MaxBatchSize);
        Assert.Same(provider.GetRequiredService<SandboxTracker>(), tracker);
    }

    [Theory]
    [InlineData("Carriers:Sandbox:MaxBatchSize", "0")]
    [InlineData("Carriers:Sandbox:MaxBatchSize", "501")]
    [InlineData("Carriers:Sandbox:TrackingFile", " ")]
    public void Options_OutOfRange_FailValidationAtStart(string key, string value)
    {
        var services = NewServices(new() { [key] = value });
        services.AddSandboxCarrier();
        var provider = Keep(services.BuildServiceProvider(validateScopes: true));

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SandboxOptions>>().Value);

        Assert.Contains(key.Split(':')[^1], exception.Message, StringComparison.Ordinal);
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
    }

    private static async Task<TrackingSnapshot> TrackOneAsync(ICarrierTracker tracker, string number)
    {
        var results = await tracker.TrackAsync([number], CancellationToken.None);
        var result = Assert.Single(results);
        Assert.Equal(number, result.Key);
        Assert.True(result.Value.IsSuccess, result.Value.Error?.Message);
        return result.Value.Value!;
    }

    private ICarrierTracker BuildTracker(Dictionary<string, string?>? settings = null) => BuildTrackerWithProvider(settings).Tracker;

    private (ICarrierTracker Tracker, ServiceProvider Provider) BuildTrackerWithProvider(Dictionary<string, string?>? settings = null)
    {
        var services = NewServices(settings ?? []);
        services.AddSandboxCarrier();
        var provider = Keep(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
        var tracker = Assert.Single(provider.GetServices<ICarrierTracker>());
        return (tracker, provider);
    }

    private ServiceCollection NewServices(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Carriers:Sandbox:TrackingFile"] = TrackingPath })
            .AddInMemoryCollection(settings)
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddFakeLogging();
        services.AddSingleton<TimeProvider>(_time);
        return services;
    }

    private ServiceProvider Keep(ServiceProvider provider)
    {
        _providers.Add(provider);
        return provider;
    }

    // Change detection compares last write time and length; moving the time on makes each rewrite visible even on
    // file systems with coarse timestamps, where two quick writes of the same length could otherwise look alike.
    private void WriteFile(string content)
    {
        lock (_writeGate)
        {
            var previous = File.Exists(TrackingPath) ? File.GetLastWriteTimeUtc(TrackingPath) : (DateTime?)null;
            File.WriteAllText(TrackingPath, content);
            if (previous is { } written)
            {
                File.SetLastWriteTimeUtc(TrackingPath, written.AddSeconds(1));
            }
        }
    }
}
