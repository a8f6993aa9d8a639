using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Tests.Support;
using WireRequest = WireMock.RequestBuilders.Request;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static RecoveryWorker.Tests.Support.Parcels;

namespace RecoveryWorker.Tests.Polling;

/// <summary>
/// The whole service against servers that speak the carriers' official APIs (WireMock at the official paths,
/// vendor-shaped payloads): only BaseUrl and credentials point the connectors at them.
/// </summary>
public sealed class CarrierEndToEndTests : IDisposable
{
    private readonly WorkerFolder _folder = new();
    private readonly WireMockServer _server = WireMockServer.Start();

    private sealed record CarrierCase(string Carrier, string Section, string Number, string? TokenPath, string TrackPath, bool Post, string Payload, string? Token);

    private static readonly CarrierCase[] Carriers =
    [
        new("ups", "Ups", "1Z999AA10123456784", "/security/v1/oauth/token", "/api/track/v1/details/1Z999AA10123456784", false, "Ups/Payloads/track-delivered.json", "Ups/Payloads/token.json"),
        new("fedex", "Fedex", "794644790132", "/oauth/token", "/track/v1/trackingnumbers", true, "Fedex/Payloads/track-delivered.json", "Fedex/Payloads/token.json"),
        new("usps", "Usps", "9400100000000000000000", "/oauth2/v3/token", "/tracking/v3r2/tracking", true, "Usps/Payloads/track-delivered.json", "Usps/Payloads/token.json"),
        new("dhl", "Dhl", "00340434292135100124", null, "/track/shipments", false, "Dhl/Payloads/delivered.json", null),
    ];

    private static string Payload(string relative, string number) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "CarrierPayloads", relative))
            .Replace("{{number}}", number, StringComparison.Ordinal)
            .Replace("{{trackingNumber}}", number, StringComparison.Ordinal);

    private WorkerHost Host()
    {
        _folder.WriteTracking(new Dictionary<string, object>());
        var settings = new Dictionary<string, string?>();
        foreach (var c in Carriers)
        {
            settings[$"Carriers:{c.Section}:Enabled"] = "true";
            settings[$"Carriers:{c.Section}:BaseUrl"] = _server.Url + "/";
            settings[$"Carriers:{c.Section}:RequestsPerSecond"] = "100";
            settings[$"Carriers:{c.Section}:ClientId"] = "test-client";
            settings[$"Carriers:{c.Section}:ClientSecret"] = "test-secret";
            if (c.TokenPath is not null)
            {
                _server.Given(WireRequest.Create().WithPath(c.TokenPath).UsingPost())
                    .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Payload(c.Token!, c.Number)));
            }

            var track = WireRequest.Create().WithPath(c.TrackPath);
            _server.Given(c.Post ? track.UsingPost() : track.UsingGet())
                .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Payload(c.Payload, c.Number)));
        }

        settings["Carriers:Dhl:ApiKey"] = "test-api-key";
        return new WorkerHost(_folder, new FakeTimeProvider(Start), settings);
    }

    [Fact]
    public async Task EveryCarrier_DeliveredLate_ShowsNormalizedTrackingAndOpensExactlyOneTicket()
    {
        await using var host = Host();
        var requests = Carriers.Select(c =>
        {
            var request = Request(c.Number, new DateTimeOffset(2000, 1, 3, 12, 0, 0, TimeSpan.Zero));
            request["carrier"] = c.Carrier;
            request["shippedAt"] = Iso(new DateTimeOffset(2000, 1, 1, 12, 0, 0, TimeSpan.Zero));
            return request;
        }).ToArray();
        await host.PostShipmentAsync(requests);

        await host.SweepAndRunAsync();
        await host.SweepAndRunAsync(); // a second look changes nothing

        foreach (var c in Carriers)
        {
            var id = await host.QueryAsync(db => db.Shipments.Where(s => s.Carrier == c.Carrier).Select(s => s.Id).SingleAsync());
            var shipment = await host.GetAsync($"/api/shipments/{id}");
            Assert.True(shipment["tracking"] is not null, $"{c.Carrier}: no tracking; last error {shipment["lastCheckError"]}");
            Assert.Equal("delivered", shipment["tracking"]!["status"]!.GetValue<string>());
            Assert.NotNull(shipment["tracking"]!["deliveredAt"]);
            Assert.NotEmpty(shipment["tracking"]!["events"]!.AsArray());
            var @case = Assert.Single(shipment["cases"]!.AsArray());
            Assert.Equal("delivered_late", @case!["breachType"]!.GetValue<string>());
        }

        var tickets = await host.GetArrayAsync("/api/tickets");
        Assert.Equal(Carriers.Length, tickets.Count);
        Assert.Equal(Carriers.Select(c => c.Carrier).Order(), tickets.Select(t => t!["tags"]!.AsArray().Select(x => x!.GetValue<string>()).Single(x => Carriers.Any(c => c.Carrier == x))).Order());
    }

    [Fact]
    public async Task Ups_FortyShipmentsOneNumberPerCall_OneTrackingJobAndOneCallPerNumber()
    {
        await using var host = Host();
        var numbers = Enumerable.Range(0, 40).Select(i => $"1Z999AA1{i:0000000000}").ToArray();
        _server.Given(WireRequest.Create().WithPath(new WireMock.Matchers.RegexMatcher(@"^/api/track/v1/details/1Z999AA1\d{10}$")).UsingGet())
            .RespondWith(Response.Create().WithCallback(request => new WireMock.ResponseMessage
            {
                StatusCode = 200,
                Headers = new Dictionary<string, WireMock.Types.WireMockList<string>> { ["Content-Type"] = new("application/json") },
                BodyData = new WireMock.Util.BodyData { BodyAsString = Payload("Ups/Payloads/track-delivered.json", request.Path.Split('/')[^1]), DetectedBodyType = WireMock.Types.BodyType.String },
            }));
        await host.PostShipmentAsync(numbers.Select(n =>
        {
            var request = Request(n, new DateTimeOffset(2000, 1, 3, 12, 0, 0, TimeSpan.Zero));
            request["carrier"] = "ups";
            request["shippedAt"] = Iso(new DateTimeOffset(2000, 1, 1, 12, 0, 0, TimeSpan.Zero));
            return request;
        }).ToArray());

        await host.SweepAndRunAsync();

        // UPS takes one number per call: the job batch is ours (Polling:JobBatchSize), the API batch is UPS's.
        Assert.Single(host.AllJobs(), j => j.Method == "TrackBatchJob.RunAsync");
        var calls = _server.LogEntries.Count(e => e.RequestMessage!.Path.StartsWith("/api/track/v1/details/1Z999AA1", StringComparison.Ordinal));
        Assert.Equal(40, calls);
        Assert.Equal(40, await host.QueryAsync(db => db.Shipments.CountAsync(s => s.Carrier == "ups" && s.TrackingStatus == "Delivered")));
    }

    public void Dispose()
    {
        _server.Stop();
        _server.Dispose();
        _folder.Dispose();
    }
}
