using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Recovery;
using RecoveryWorker.Tests.Support;
using static RecoveryWorker.Tests.Support.Parcels;

namespace RecoveryWorker.Tests.Recovery;

/// <summary>
/// The running service end to end: shipments registered over HTTP, tracking served by the sandbox file, the sweep
/// and the Hangfire jobs it enqueues, tickets in the local helpdesk.
/// </summary>
public sealed class TrackingApplierTests : IDisposable
{
    private static readonly DateTimeOffset T0 = Start;
    private readonly WorkerFolder _folder = new();

    /// <summary>Tracking number -> the breach type its ticket must carry, or null for a promise kept.</summary>
    private static readonly Dictionary<string, string?> Expected = new()
    {
        ["LATE"] = "late",
        ["DELIVEREDLATE"] = "delivered_late",
        ["ATRISK"] = "at_risk",
        ["NOPICKUP"] = "not_picked_up",
        ["STALLED"] = "stalled",
        ["LOST"] = "exception",
        ["WRONGSERVICE"] = "service_mismatch",
        ["EARLY"] = null,
        ["ONTRACK"] = null,
        ["EXACT"] = null,
    };

    private void WriteTracking(DateTimeOffset? lateDelivery = null)
    {
        var lateEvents = new List<object> { Scan(T0.AddDays(-1), "PickedUp", "Atlanta, GA"), Scan(T0.AddHours(-2), "InTransit", "Newark, NJ") };
        if (lateDelivery is { } delivered)
        {
            lateEvents.Add(Scan(delivered, "Delivered", "Brooklyn, NY"));
        }

        _folder.WriteTracking(new Dictionary<string, object>
        {
            ["LATE"] = Parcel("Ground", [.. lateEvents]),
            ["DELIVEREDLATE"] = Parcel("Ground", Scan(T0.AddDays(-2), "PickedUp"), Scan(T0.AddHours(-1), "Delivered", "Queens, NY")),
            ["ATRISK"] = ParcelWithEstimate("Ground", new DateOnly(2026, 11, 19), Scan(T0.AddHours(-5), "PickedUp")),
            ["NOPICKUP"] = Parcel(null, Scan(T0.AddDays(-5), "LabelCreated", "Seattle, WA")),
            ["STALLED"] = Parcel("Ground", Scan(T0.AddDays(-7), "PickedUp"), Scan(T0.AddDays(-5), "InTransit", "Salt Lake City, UT")),
            ["LOST"] = Parcel("Ground", Scan(T0.AddDays(-1), "PickedUp"), Scan(T0.AddHours(-1), "Exception", "Reno, NV", "Lost")),
            ["WRONGSERVICE"] = Parcel("Ground", Scan(T0.AddHours(-2), "PickedUp", "Boston, MA")),
            ["EARLY"] = Parcel("Ground", Scan(T0.AddDays(-1), "PickedUp"), Scan(T0.AddHours(-1), "Delivered", "Bronx, NY")),
            ["ONTRACK"] = ParcelWithEstimate("Ground", new DateOnly(2026, 11, 18), Scan(T0.AddHours(-3), "PickedUp"), Scan(T0.AddHours(-1), "InTransit")),
            ["EXACT"] = Parcel("Ground", Scan(T0.AddDays(-1), "PickedUp"), Scan(T0.AddHours(-1), "Delivered", "Hoboken, NJ")),
        });
    }

    private static List<Dictionary<string, object?>> Requests() =>
    [
        Request("LATE", T0.AddHours(1)),
        Request("DELIVEREDLATE", T0.AddHours(-3)),
        Request("ATRISK", T0.AddDays(1)),
        Request("NOPICKUP", T0.AddDays(2)),
        Request("STALLED", T0.AddDays(2)),
        Request("LOST", T0.AddDays(1)),
        Request("WRONGSERVICE", T0.AddDays(1), service: "next_day_air"),
        Request("EARLY", T0.AddDays(1)),
        Request("ONTRACK", T0.AddDays(2)),
        Request("EXACT", T0.AddHours(-1)),
    ];

    private async Task<WorkerHost> RunDetectionAsync()
    {
        WriteTracking();
        var host = new WorkerHost(_folder, new FakeTimeProvider(T0));
        await host.PostShipmentAsync(Requests());
        await host.SweepAndRunAsync();
        await host.RunForAsync(TimeSpan.FromHours(2), TimeSpan.FromMinutes(10)); // LATE turns late at T0+1h
        return host;
    }

    [Fact]
    public async Task ApplyAsync_EveryBreachType_OpensExactlyOneTicketEachAndNoneForKeptPromises()
    {
        await using var host = await RunDetectionAsync();

        var tickets = await host.GetArrayAsync("/api/tickets");
        var shipments = await host.QueryAsync(db => db.Shipments.ToDictionaryAsync(s => s.Id, s => s.TrackingNumber));
        var ticketsByNumber = tickets.GroupBy(t => shipments[Guid.Parse(t!["externalId"]!.GetValue<string>().Split(':')[0])]).ToDictionary(g => g.Key, g => g.ToList());

        foreach (var (number, breach) in Expected)
        {
            if (breach is null)
            {
                Assert.False(ticketsByNumber.ContainsKey(number), $"{number} kept its promise but got a ticket.");
                continue;
            }

            var ticket = Assert.Single(ticketsByNumber[number]);
            Assert.Equal(breach, ticket!["externalId"]!.GetValue<string>().Split(':')[1]);
            Assert.Contains(breach, ticket["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
            Assert.Contains("delivery-promise", ticket["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        }

        Assert.Equal(Expected.Count(e => e.Value is not null), tickets.Count);
    }

    [Fact]
    public async Task ApplyAsync_BrokenPromise_ShowsOnShipmentWithNormalizedTrackingAndCase()
    {
        await using var host = await RunDetectionAsync();
        var id = await host.QueryAsync(db => db.Shipments.Where(s => s.TrackingNumber == "LOST").Select(s => s.Id).SingleAsync());

        var shipment = await host.GetAsync($"/api/shipments/{id}");

        Assert.Equal("exception", shipment["tracking"]!["status"]!.GetValue<string>());
        Assert.Equal("lost", shipment["tracking"]!["reason"]!.GetValue<string>());
        Assert.Equal(2, shipment["tracking"]!["events"]!.AsArray().Count);
        var @case = Assert.Single(shipment["cases"]!.AsArray());
        Assert.Equal("exception", @case!["breachType"]!.GetValue<string>());
        Assert.Equal("critical", @case["severity"]!.GetValue<string>());
        Assert.Equal("ticket_opened", @case["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ApplyAsync_RestartOnTheSameDatabase_OpensNoNewTickets()
    {
        int before;
        await using (var first = await RunDetectionAsync())
        {
            before = (await first.GetArrayAsync("/api/tickets")).Count;
        }

        // A new process on the same SQLite file: a fresh, empty Hangfire queue and a clock that moved on.
        await using var second = new WorkerHost(_folder, new FakeTimeProvider(T0.AddHours(3)));
        await second.SweepAndRunAsync();
        await second.RunForAsync(TimeSpan.FromHours(2), TimeSpan.FromMinutes(20));

        var after = await second.GetArrayAsync("/api/tickets");
        Assert.Equal(7, before);
        Assert.Equal(before, after.Count);
        Assert.Equal(before, after.Select(t => t!["externalId"]!.GetValue<string>()).Distinct().Count());
    }

    [Fact]
    public async Task ApplyAsync_SameAnswerProcessedConcurrently_OpensOneCase()
    {
        WriteTracking();
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(T0.AddHours(2)));
        await host.PostShipmentAsync(Request("LOST", T0.AddDays(1)));
        var id = await host.QueryAsync(db => db.Shipments.Select(s => s.Id).SingleAsync());
        var applier = host.Services.GetRequiredService<TrackingApplier>();
        var tracker = host.Services.GetRequiredService<IEnumerable<ICarrierTracker>>().Single(t => t.Carrier == CarrierCode.Sandbox);
        var answer = (await tracker.TrackAsync(["LOST"], CancellationToken.None))["LOST"];

        // Ten copies of the same batch job at once (an at-least-once engine on several workers).
        var attempts = Enumerable.Range(0, 10).Select(_ => Task.Run(() => applier.ApplyAsync([new TrackingAnswer(id, answer)], CancellationToken.None)));
        var outcomes = await Task.WhenAll(attempts.Select(async a => { try { await a; return true; } catch (DbUpdateException) { return false; } }));
        await host.RunEnqueuedAsync();

        Assert.Contains(true, outcomes);
        Assert.Equal(1, await host.QueryAsync(db => db.Cases.CountAsync()));
        Assert.Single(await host.GetArrayAsync("/api/tickets"));
    }

    [Fact]
    public async Task ApplyAsync_LateThenDelivered_SameCaseBecomesDeliveredLateAndIsResolvedWithArrivalReply()
    {
        await using var host = await RunDetectionAsync();
        WriteTracking(lateDelivery: T0.AddHours(2).AddMinutes(5));

        await host.RunForAsync(TimeSpan.FromHours(1), TimeSpan.FromMinutes(10));

        var id = await host.QueryAsync(db => db.Shipments.Where(s => s.TrackingNumber == "LATE").Select(s => s.Id).SingleAsync());
        var @case = Assert.Single((await host.GetAsync($"/api/shipments/{id}"))["cases"]!.AsArray());
        Assert.Equal("delivered_late", @case!["breachType"]!.GetValue<string>());
        Assert.EndsWith(":late:1", @case["key"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("resolved", @case["status"]!.GetValue<string>());
        var ticket = (await host.GetArrayAsync("/api/tickets")).Single(t => t!["externalId"]!.GetValue<string>() == @case["key"]!.GetValue<string>());
        Assert.Contains(ticket!["comments"]!.AsArray(), c => c!["public"]!.GetValue<bool>() && c["body"]!.GetValue<string>().Contains("has arrived", StringComparison.Ordinal));
    }

    public void Dispose() => _folder.Dispose();
}
