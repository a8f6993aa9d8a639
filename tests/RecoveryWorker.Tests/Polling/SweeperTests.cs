using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Tests.Support;
using static RecoveryWorker.Tests.Support.Parcels;

namespace RecoveryWorker.Tests.Polling;

public sealed class SweeperTests : IDisposable
{
    private readonly WorkerFolder _folder = new();

    private void Track(params string[] numbers) => _folder.WriteTracking(numbers.ToDictionary(
        n => n,
        n => Parcel("Ground", Scan(Start.AddDays(-1), "PickedUp", "Atlanta, GA"), Scan(Start.AddHours(-2), "InTransit", "Newark, NJ"))));

    [Fact]
    public async Task SweepAsync_HangfireQueueLost_RecreatesOverdueFollowUpsFromTheStore()
    {
        Track("LATE1", "LATE2");
        await using (var before = new WorkerHost(_folder, new FakeTimeProvider(Start)))
        {
            await before.PostShipmentAsync(new[] { Request("LATE1", Start.AddMinutes(-30)), Request("LATE2", Start.AddMinutes(-30)) });
            await before.SweepAndRunAsync();
            Assert.Equal(6, await before.QueryAsync(db => db.FollowUps.CountAsync(f => f.JobId != null)));
        }

        // Restart with in-memory Hangfire: every scheduled follow-up job is gone. Five hours on, the first ones are overdue.
        await using var after = new WorkerHost(_folder, new FakeTimeProvider(Start.AddHours(5)));
        Assert.Empty(after.AllJobs());

        await after.SweepAsync();

        var jobs = after.AllJobs();
        Assert.Equal(2, jobs.Count(j => j.Method == "FollowUpCheckJob.RunAsync" && j.State == "Enqueued"));
        await after.RunEnqueuedAsync();
        var outcomes = await after.QueryAsync(db => db.FollowUps.Where(f => f.Sequence == 1).Select(f => f.Outcome).ToListAsync());
        Assert.All(outcomes, o => Assert.Equal("still late: update sent", o));
        Assert.Equal(4, await after.QueryAsync(db => db.FollowUps.CountAsync(f => f.DoneAt == null))); // the later ones wait for their time
    }

    [Fact]
    public async Task SweepAsync_TicketJobLost_RecreatesItAndOpensOneTicket()
    {
        Track("LATE1");
        await using (var before = new WorkerHost(_folder, new FakeTimeProvider(Start)))
        {
            await before.PostShipmentAsync(Request("LATE1", Start.AddMinutes(-30)));
            await before.SweepAsync();
            await before.RunEnqueuedAsync(max: 1); // the tracking batch runs; the process dies before the ticket job
            Assert.Equal("Detected", await before.QueryAsync(db => db.Cases.Select(c => c.Status).SingleAsync()));
        }

        await using var after = new WorkerHost(_folder, new FakeTimeProvider(Start.AddMinutes(10)));
        await after.SweepAndRunAsync();
        await after.SweepAndRunAsync();

        Assert.Single(await after.GetArrayAsync("/api/tickets"));
        Assert.Equal("TicketOpened", await after.QueryAsync(db => db.Cases.Select(c => c.Status).SingleAsync()));
    }

    [Fact]
    public async Task SweepAsync_DueShipments_EnqueuesOneJobPerJobBatchNotPerShipment()
    {
        var numbers = Enumerable.Range(1, 120).Select(i => $"N{i:000}").ToArray();
        Track(numbers);
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(Start), new() { ["Polling:JobBatchSize"] = "50" });
        await host.PostShipmentAsync(numbers.Select(n => Request(n, Start.AddDays(2))).ToArray());

        await host.SweepAsync();
        await host.SweepAsync(); // leased: a second sweep enqueues nothing more

        Assert.Equal(3, host.AllJobs().Count(j => j.Method == "TrackBatchJob.RunAsync"));
        await host.RunEnqueuedAsync();
        Assert.Equal(120, await host.QueryAsync(db => db.Shipments.CountAsync(s => s.LastCheckedAt != null && s.CheckLeaseUntil == null)));
    }

    [Fact]
    public async Task SweepAsync_TrackingBatchLostWithTheQueue_RechecksTheShipmentsWhenTheLeaseRunsOut()
    {
        Track("LATE1");
        await using (var before = new WorkerHost(_folder, new FakeTimeProvider(Start)))
        {
            await before.PostShipmentAsync(Request("LATE1", Start.AddMinutes(-30)));
            await before.SweepAsync(); // leased and enqueued; the process dies before the batch runs
        }

        await using var soon = new WorkerHost(_folder, new FakeTimeProvider(Start.AddMinutes(5)));
        await soon.SweepAsync();
        Assert.Empty(soon.AllJobs()); // still leased: nobody double-polls

        soon.Time.Advance(TimeSpan.FromMinutes(15)); // the lease runs out
        await soon.SweepAndRunAsync();
        await soon.SweepAndRunAsync();

        Assert.Single(await soon.GetArrayAsync("/api/tickets"));
    }

    [Fact]
    public async Task SweepAsync_TicketJobWaitingInTheQueueLongerThanTheCheckLease_AddsNoCopy()
    {
        // A backlog: the case's delivery job has waited 20 minutes (the check lease is 15) and is still queued. A copy
        // would wait behind it in the same queue, and one more every sweep would make the backlog longer.
        Track("LATE1");
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(Start));
        await host.PostShipmentAsync(Request("LATE1", Start.AddMinutes(-30)));
        await host.SweepAsync();
        await host.RunEnqueuedAsync(max: 1); // the tracking batch opens the case and enqueues its delivery
        Assert.Single(host.AllJobs(), j => j.Method == "DeliverEffectsJob.RunAsync" && j.State == "Enqueued");

        host.Time.SetUtcNow(TimeProvider.System.GetUtcNow() + TimeSpan.FromMinutes(20)); // Hangfire stamps its own clock
        await host.SweepAsync();
        await host.SweepAsync();

        Assert.Single(host.AllJobs(), j => j.Method == "DeliverEffectsJob.RunAsync");
        await host.RunEnqueuedAsync();
        Assert.Single(await host.GetArrayAsync("/api/tickets"));
    }

    public void Dispose() => _folder.Dispose();
}
