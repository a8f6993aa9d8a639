using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Recovery;
using RecoveryWorker.Tests.Support;
using static RecoveryWorker.Tests.Support.Parcels;

namespace RecoveryWorker.Tests.Recovery;

/// <summary>Claims open in the same save as the case decision, once per shipment however often the answer is applied.</summary>
public sealed class TrackingApplierClaimTests : IDisposable
{
    private readonly WorkerFolder _folder = new();

    [Fact]
    public async Task ApplyAsync_LateGuaranteedParcelAppliedTwice_OpensOneClaimToFileWithItsCase()
    {
        WriteTracking();
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(Start));
        await host.PostShipmentAsync(new[] { Request("NDALATE", Start.AddHours(-3), service: "next_day_air"), Request("NDAOUT", Start.AddHours(-1), service: "next_day_air"), Request("GROUNDLATE", Start.AddHours(-3)) });
        var answers = await AnswersAsync(host, "NDALATE", "NDAOUT", "GROUNDLATE");
        var applier = host.Services.GetRequiredService<TrackingApplier>();

        await applier.ApplyAsync(answers, CancellationToken.None);
        await applier.ApplyAsync(answers, CancellationToken.None); // a retried batch: the same snapshots again

        var claims = await host.QueryAsync(db => db.Claims.Include(c => c.Events).OrderBy(c => c.TrackingNumber).ToListAsync());
        Assert.Equal(["NDALATE", "NDAOUT"], claims.Select(c => c.TrackingNumber)); // ground is not guaranteed
        var late = claims[0];
        Assert.Equal(("to_file", "late", 9.95m, "USD"), (late.Status, late.Reason, late.Amount, late.Currency));
        Assert.Equal(Start.AddHours(-3), late.Commitment);
        Assert.Equal(Start.AddHours(-2), late.ActualDelivery);
        Assert.Equal(Start.AddHours(-3).AddDays(15), late.FileBy);
        Assert.Equal("opened", Assert.Single(late.Events).Action);
        Assert.Equal(("to_file", "not_delivered", (DateTimeOffset?)null), (claims[1].Status, claims[1].Reason, claims[1].ActualDelivery));
        Assert.Single(claims[1].Events);
        var shipmentIds = claims.Select(c => c.ShipmentId).ToList();
        Assert.Equal(2, await host.QueryAsync(db => db.Cases.CountAsync(c => shipmentIds.Contains(c.ShipmentId))));
    }

    [Fact]
    public async Task ApplyAsync_WeatherScanArrivesBeforeTheDelivery_ReassessesTheOpenClaimAsExcluded()
    {
        WriteTracking();
        var time = new FakeTimeProvider(Start);
        await using var host = new WorkerHost(_folder, time);
        await host.PostShipmentAsync(new[] { Request("NDAOUT", Start.AddHours(-1), service: "next_day_air") });
        var applier = host.Services.GetRequiredService<TrackingApplier>();
        await applier.ApplyAsync(await AnswersAsync(host, "NDAOUT"), CancellationToken.None);

        _folder.WriteTracking(new Dictionary<string, object>
        {
            ["NDAOUT"] = Parcel("Next Day Air", Scan(Start.AddDays(-1), "PickedUp"), Scan(Start.AddHours(-2), "Exception", "Newark, NJ", "WeatherOrDisaster"), Scan(Start.AddHours(1), "Delivered", "Queens, NY")),
        });
        time.Advance(TimeSpan.FromHours(2));
        await applier.ApplyAsync(await AnswersAsync(host, "NDAOUT"), CancellationToken.None);

        var claim = await host.QueryAsync(db => db.Claims.Include(c => c.Events).SingleAsync());
        Assert.Equal(("excluded", "weather", "late", (DateTimeOffset?)Start.AddHours(1)), (claim.Status, claim.Exclusion, claim.Reason, claim.ActualDelivery));
        Assert.Equal(["opened", "reassessed"], claim.Events.OrderBy(e => e.At).Select(e => e.Action));
    }

    [Fact]
    public async Task ApplyAsync_TwoReplicasApplyTheSameAnswersAtOnceOnPostgres_OpenOneClaimPerShipment()
    {
        WriteTracking();
        var database = await PostgresServer.Shared.CreateDatabaseAsync("claims");
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(Start), new()
        {
            ["Storage:Provider"] = "Postgres",
            ["ConnectionStrings:RecoveryWorker"] = database,
            ["Storage:MigrateOnStart"] = "true",
        });
        await host.PostShipmentAsync(new[] { Request("NDALATE", Start.AddHours(-3), service: "next_day_air"), Request("NDAOUT", Start.AddHours(-1), service: "next_day_air") });
        var answers = await AnswersAsync(host, "NDALATE", "NDAOUT");

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => host.Services.GetRequiredService<TrackingApplier>().ApplyAsync(answers, CancellationToken.None))));

        var claims = await host.QueryAsync(db => db.Claims.Include(c => c.Events).OrderBy(c => c.TrackingNumber).ToListAsync());
        Assert.Equal(["NDALATE", "NDAOUT"], claims.Select(c => c.TrackingNumber));
        Assert.All(claims, c => Assert.Equal("opened", Assert.Single(c.Events).Action));
    }

    private void WriteTracking() => _folder.WriteTracking(new Dictionary<string, object>
    {
        ["NDALATE"] = Parcel("Next Day Air", Scan(Start.AddDays(-1), "PickedUp", "Atlanta, GA"), Scan(Start.AddHours(-2), "Delivered", "Brooklyn, NY")),
        ["NDAOUT"] = Parcel("Next Day Air", Scan(Start.AddDays(-1), "PickedUp", "Atlanta, GA"), Scan(Start.AddHours(-2), "InTransit", "Newark, NJ")),
        ["GROUNDLATE"] = Parcel("Ground", Scan(Start.AddDays(-1), "PickedUp", "Atlanta, GA"), Scan(Start.AddHours(-2), "Delivered", "Brooklyn, NY")),
    });

    private static async Task<List<TrackingAnswer>> AnswersAsync(WorkerHost host, params string[] numbers)
    {
        var ids = await host.QueryAsync(db => db.Shipments.ToDictionaryAsync(s => s.TrackingNumber, s => s.Id));
        var tracker = host.Services.GetRequiredService<IEnumerable<ICarrierTracker>>().Single(t => t.Carrier == CarrierCode.Sandbox);
        return [.. (await tracker.TrackAsync(numbers, CancellationToken.None)).Select(a => new TrackingAnswer(ids[a.Key], a.Value))];
    }

    public void Dispose() => _folder.Dispose();
}
