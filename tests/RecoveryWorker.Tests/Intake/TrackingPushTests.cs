using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Tests.Support;
using static RecoveryWorker.Tests.Support.Parcels;

namespace RecoveryWorker.Tests.Intake;

/// <summary><c>POST /api/tracking-events</c>: scans pushed in our normalized shape, through the pipeline's batch entry point.</summary>
public sealed class TrackingPushTests : IAsyncLifetime, IDisposable
{
    private readonly WorkerFolder _folder = new();
    private WorkerHost _host = null!;

    public async Task InitializeAsync()
    {
        _folder.WriteTracking(new Dictionary<string, object>
        {
            ["PUSH1"] = Parcel("Ground", Scan(Start.AddHours(-5), "PickedUp", "Atlanta, GA")),
        });
        _host = new WorkerHost(_folder, new FakeTimeProvider(Start));
        await _host.PostShipmentAsync(Request("PUSH1", Start.AddDays(3)));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public void Dispose() => _folder.Dispose();

    private static object Pushed(string number, DateTimeOffset at, string status, string? reason = null) => new
    {
        carrier = "sandbox",
        trackingNumber = number,
        at = Iso(at),
        status,
        reason,
        description = "Pushed " + status,
        location = "Newark, NJ",
    };

    private async Task<JsonNode> PushAsync(object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var client = _host.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/tracking-events", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    [Fact]
    public async Task Push_DamagedScanForAWatchedShipment_OpensOneCaseAndItsTicketWithoutAPoll()
    {
        var scan = Pushed("PUSH1", Start.AddMinutes(-10), "exception", "damaged");

        var first = await PushAsync(new[] { scan });
        var again = await PushAsync(scan);
        await _host.RunEnqueuedAsync();

        Assert.Equal(1, first["shipments"]!.GetValue<int>());
        Assert.Equal(1, again["shipments"]!.GetValue<int>());
        var cases = await _host.GetArrayAsync("/api/cases");
        Assert.Equal("exception", Assert.Single(cases)!["breachType"]!.GetValue<string>());
        Assert.Single(await _host.GetArrayAsync("/api/tickets"));
    }

    [Fact]
    public async Task Push_AfterAPoll_KeepsThePolledHistoryAndAddsTheScan()
    {
        _host.Time.Advance(TimeSpan.FromMinutes(1));
        await _host.SweepAndRunAsync();

        await PushAsync(Pushed("PUSH1", Start.AddMinutes(-5), "in_transit"));

        var json = await _host.QueryAsync(db => db.Shipments.Where(s => s.TrackingNumber == "PUSH1").Select(s => s.TrackingJson).SingleAsync());
        var events = JsonNode.Parse(json!)!["events"]!.AsArray();
        Assert.Equal(["PickedUp", "InTransit"], events.Select(e => e!["status"]!.GetValue<string>()));
        Assert.Equal("InTransit", await _host.QueryAsync(db => db.Shipments.Where(s => s.TrackingNumber == "PUSH1").Select(s => s.TrackingStatus).SingleAsync()));
    }

    [Fact]
    public async Task Push_NumberNobodyRegistered_IsReportedAndStoresNothing()
    {
        var result = await PushAsync(new[] { Pushed("PUSH1", Start.AddMinutes(-5), "in_transit"), Pushed("NOBODY9", Start.AddMinutes(-5), "in_transit") });

        Assert.Equal(2, result["scans"]!.GetValue<int>());
        Assert.Equal(1, result["shipments"]!.GetValue<int>());
        Assert.Equal("NOBODY9", Assert.Single(result["unknown"]!.AsArray())!["trackingNumber"]!.GetValue<string>());
        Assert.Equal(1, await _host.QueryAsync(db => db.Shipments.CountAsync()));
    }

    [Fact]
    public async Task Push_ForAShipmentNoLongerWatched_ChangesNothingAndIsNotCalledUnknown()
    {
        var id = await _host.QueryAsync(db => db.Shipments.Select(s => s.Id).SingleAsync());
        using (var client = _host.CreateClient())
        {
            using var cancel = await client.DeleteAsync($"/api/shipments/{id}");
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        }

        var result = await PushAsync(Pushed("PUSH1", Start.AddMinutes(-5), "exception", "damaged"));

        Assert.Equal(0, result["shipments"]!.GetValue<int>());
        Assert.Empty(result["unknown"]!.AsArray());
        Assert.Empty(await _host.GetArrayAsync("/api/cases"));
    }

    [Fact]
    public async Task Push_BadStatusAndMissingTime_Returns400NamingEachFieldAndAppliesNothing()
    {
        var problem = await PushAsync(
            new object[] { Pushed("PUSH1", Start.AddMinutes(-5), "exception", "damaged"), new { carrier = "sandbox", trackingNumber = "PUSH1", status = "lost_in_space" } },
            HttpStatusCode.BadRequest);

        var errors = problem["errors"]!.AsObject();
        Assert.Contains("'lost_in_space' is not a status", errors["[1].status"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("is required", errors["[1].at"]![0]!.GetValue<string>());
        Assert.Empty(await _host.GetArrayAsync("/api/cases"));
    }
}
