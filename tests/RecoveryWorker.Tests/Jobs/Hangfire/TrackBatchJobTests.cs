using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Tests.Support;
using static RecoveryWorker.Tests.Support.Parcels;

namespace RecoveryWorker.Tests.Jobs.Hangfire;

public sealed class TrackBatchJobTests : IDisposable
{
    private readonly WorkerFolder _folder = new();

    [Fact]
    public async Task RunAsync_GarbageForOneNumber_TracksTheRestAndRetriesTheBadOneLater()
    {
        var moving = Parcel("Ground", Scan(Start.AddHours(-5), "PickedUp"), Scan(Start.AddHours(-1), "InTransit"));
        _folder.WriteTracking(new Dictionary<string, object>
        {
            ["GOOD1"] = moving,
            ["BAD"] = new { service = "Ground", failure = "malformed", events = Array.Empty<object>() },
            ["GOOD2"] = moving,
        });
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(Start));
        await host.PostShipmentAsync(new[] { Request("GOOD1", Start.AddDays(2)), Request("BAD", Start.AddDays(2)), Request("GOOD2", Start.AddDays(2)) });

        await host.SweepAndRunAsync();

        var shipments = await host.QueryAsync(db => db.Shipments.AsNoTracking().ToDictionaryAsync(s => s.TrackingNumber));
        Assert.Equal("InTransit", shipments["GOOD1"].TrackingStatus);
        Assert.Equal("InTransit", shipments["GOOD2"].TrackingStatus);
        Assert.Null(shipments["BAD"].TrackingStatus);
        Assert.StartsWith("Malformed", shipments["BAD"].LastCheckError, StringComparison.Ordinal);
        Assert.Equal(1, shipments["BAD"].ConsecutiveCheckFailures);
        Assert.Equal(Start.AddMinutes(15), shipments["BAD"].NextCheckAt); // Polling:RetryAfterFailure
        Assert.All(shipments.Values, s => Assert.Null(s.CheckLeaseUntil));
    }

    [Fact]
    public async Task RunAsync_CarrierDownForWholeBatch_FailsTheJobSoHangfireRetriesIt()
    {
        _folder.WriteTracking(new Dictionary<string, object>
        {
            ["A"] = new { service = "Ground", failure = "transient", events = Array.Empty<object>() },
            ["B"] = new { service = "Ground", failure = "transient", events = Array.Empty<object>() },
        });
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(Start));
        await host.PostShipmentAsync(new[] { Request("A", Start.AddDays(2)), Request("B", Start.AddDays(2)) });

        await host.SweepAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => host.RunEnqueuedAsync());

        // AutomaticRetry turned the failure into a retry with backoff, visible under Scheduled/Retries in the dashboard.
        Assert.Contains(host.AllJobs(), j => j.Method == "TrackBatchJob.RunAsync" && j.State == "Scheduled");
        Assert.Equal(2, await host.QueryAsync(db => db.Shipments.CountAsync(s => s.NextCheckAt != null && s.CheckLeaseUntil != null))); // kept, leased until retried
    }

    public void Dispose() => _folder.Dispose();
}
