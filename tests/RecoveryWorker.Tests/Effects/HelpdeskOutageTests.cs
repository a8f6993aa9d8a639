using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Storage;
using RecoveryWorker.Tests.Support;
using static RecoveryWorker.Tests.Support.Parcels;

namespace RecoveryWorker.Tests.Effects;

/// <summary>
/// The outbox: tracking never waits on the helpdesk. While the helpdesk is down, parcels are tracked and cases move
/// on as usual, and what the helpdesk is owed piles up, visible on the case; once it is back, every owed write is
/// delivered exactly once.
/// </summary>
public sealed class HelpdeskOutageTests : IDisposable
{
    private static readonly DateTimeOffset Deadline = Start.AddHours(1);
    private readonly WorkerFolder _folder = new();

    private static string[] Numbers(int count) => [.. Enumerable.Range(1, count).Select(i => $"OUT{i:000}")];

    private void Track(string[] numbers, bool delivered) => _folder.WriteTracking(numbers.ToDictionary(
        n => n,
        n => delivered
            ? Parcel("Ground", Scan(Start.AddDays(-1), "PickedUp", "Atlanta, GA"), Scan(Deadline.AddMinutes(30), "Delivered", "Brooklyn, NY"))
            : Parcel("Ground", Scan(Start.AddDays(-1), "PickedUp", "Atlanta, GA"), Scan(Start.AddHours(-2), "InTransit", "Newark, NJ"))));

    [Fact]
    public async Task Outage_ParcelsArriveWhileTheHelpdeskIsDown_TrackingGoesOnAndEveryOwedWriteIsDeliveredOnceAfter()
    {
        using var zendesk = new FakeZendesk();
        var numbers = Numbers(10);
        Track(numbers, delivered: false);
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(Deadline.AddMinutes(5)), zendesk.Settings());
        await host.PostShipmentAsync(numbers.Select(n => Request(n, Deadline)).ToArray());
        await host.SweepAndRunAsync();
        Assert.Equal(10, zendesk.Tickets.Count);

        // The helpdesk goes down; the parcels arrive meanwhile.
        zendesk.Down = true;
        Track(numbers, delivered: true);
        host.Time.Advance(TimeSpan.FromHours(1));
        await host.SweepAsync();
        var failedDeliveries = await host.RunEnqueuedConcurrentlyAsync(parallelism: 4);

        // Tracking went on: every parcel is seen delivered and every case resolved, without a single helpdesk answer.
        var shipments = await host.QueryAsync(db => db.Shipments.AsNoTracking().ToListAsync());
        Assert.All(shipments, s => Assert.Equal("Delivered", s.TrackingStatus));
        Assert.All(shipments, s => Assert.Equal(Deadline.AddHours(1).AddMinutes(5), s.LastCheckedAt));
        Assert.All(await host.QueryAsync(db => db.Cases.AsNoTracking().ToListAsync()), c => Assert.Equal("Resolved", c.Status));
        // Per case: the note that the case is now delivered_late (owed by tracking), and the arrival reply and note and
        // setting the ticket solved (owed by the immediate follow-up); two delivery jobs, each failed for Hangfire to retry.
        Assert.Equal(20, failedDeliveries);
        Assert.Equal(40, await host.QueryAsync(db => db.OwedEffects.CountAsync(e => e.State == OwedEffectStates.Pending)));
        var caseId = await host.QueryAsync(db => db.Cases.Select(c => c.Id).FirstAsync());
        var owed = (await host.GetAsync($"/api/cases/{caseId}"))["helpdeskWrites"]!.AsArray().Where(w => w!["state"]!.GetValue<string>() == "pending").ToList();
        Assert.Equal(4, owed.Count);
        Assert.All((await host.GetArrayAsync("/api/cases")), c => Assert.Equal(4, c!["helpdeskWrites"]!.AsArray().Count(w => w!["state"]!.GetValue<string>() == "pending"))); // the list shows them too
        Assert.StartsWith("Transient", owed[0]!["lastError"]!.GetValue<string>(), StringComparison.Ordinal);

        // A sweep during the outage does not pile up more jobs: the failed deliveries are Hangfire's to retry.
        host.Time.Advance(TimeSpan.FromMinutes(10));
        await host.SweepAsync();
        Assert.Equal(0, await host.RunEnqueuedAsync());

        // The helpdesk is back: Hangfire's retries deliver everything owed, and a second round changes nothing.
        zendesk.Down = false;
        Assert.Equal(0, await host.RunScheduledNowAsync("DeliverEffectsJob", parallelism: 4));
        await host.RunScheduledNowAsync("DeliverEffectsJob", parallelism: 4);

        Assert.Equal(0, await host.QueryAsync(db => db.OwedEffects.CountAsync(e => e.State != OwedEffectStates.Delivered)));
        Assert.Equal(10, zendesk.Tickets.Count);
        foreach (var ticket in zendesk.Tickets)
        {
            var comments = zendesk.Comments(ticket["id"]!.GetValue<long>());
            Assert.Single(comments, c => c.Public && c.Body.Contains("has arrived", StringComparison.Ordinal));
        }

        Assert.True(zendesk.RefusedWhileDown >= 10, $"{zendesk.RefusedWhileDown} requests refused while down");
    }

    public void Dispose() => _folder.Dispose();
}
