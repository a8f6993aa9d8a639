using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Tests.Support;
using static RecoveryWorker.Tests.Support.Parcels;

namespace RecoveryWorker.Tests.Intake;

/// <summary>
/// <c>POST /webhooks/ups/track-alert</c> through the real host: UPS's official example deliveries (the payload files are
/// checked against the spec by the connector tests), bodies that break the schema, the credential, and a pushed scan
/// that breaks a promise opening its case at once.
/// </summary>
public sealed class UpsTrackAlertWebhookTests : IAsyncLifetime, IDisposable
{
    /// <summary>The tracking number of the spec's examples.</summary>
    private const string Number = "1Z204W4R0308071865";
    private const string Credential = "test-track-alert-credential-0123456789";

    /// <summary>The day of the spec's examples, a little after their scans (13:15 and 13:50 UTC).</summary>
    private static readonly DateTimeOffset Now = new(2024, 4, 23, 14, 0, 0, TimeSpan.Zero);

    private readonly WorkerFolder _folder = new();
    private WorkerHost _host = null!;

    public static Dictionary<string, string?> TrackAlertSettings(string upsBaseUrl = "http://127.0.0.1:9/") => new()
    {
        ["Carriers:Ups:Enabled"] = "true",
        ["Carriers:Ups:BaseUrl"] = upsBaseUrl,
        ["Carriers:Ups:ClientId"] = "test-client",
        ["Carriers:Ups:ClientSecret"] = "test-secret",
        ["Carriers:Ups:RequestsPerSecond"] = "100",
        ["Carriers:Ups:TrackAlert:Enabled"] = "true",
        ["Carriers:Ups:TrackAlert:WebhookUrl"] = "https://recovery.example.com/webhooks/ups/track-alert",
        ["Carriers:Ups:TrackAlert:WebhookCredential"] = Credential,
    };

    public static Dictionary<string, object?> UpsRequest(string number, DateTimeOffset promisedBy)
    {
        var request = Request(number, promisedBy);
        request["carrier"] = "ups";
        return request;
    }

    public async Task InitializeAsync()
    {
        _folder.WriteTracking(new Dictionary<string, object>());
        _host = new WorkerHost(_folder, new FakeTimeProvider(Now), TrackAlertSettings());
        await _host.PostShipmentAsync(UpsRequest(Number, Now.AddDays(2)));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public void Dispose() => _folder.Dispose();

    private static string Example(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "CarrierPayloads", "Ups", "Payloads", file));

    private static string Mutate(string json, Action<JsonObject> change)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        change(node);
        return node.ToJsonString();
    }

    /// <summary>As UPS calls: no API key, the registered credential in its header.</summary>
    private async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> DeliverAsync(string body, string? credential = Credential, string header = "credential")
    {
        using var client = SignIn.Anonymous(_host);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/ups/track-alert") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.UserAgent.ParseAdd("UPSPubSubTrackingService");
        if (credential is not null)
        {
            request.Headers.TryAddWithoutValidation(header, header == "Authorization" ? "Bearer " + credential : credential);
        }

        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    private Task<string?> StoredTrackingAsync() =>
        _host.QueryAsync(db => db.Shipments.Where(s => s.TrackingNumber == Number).Select(s => s.TrackingJson).SingleAsync());

    [Fact]
    public async Task Deliver_OfficialOutForDeliveryExample_IsAppliedToTheWatchedShipment()
    {
        var (status, body, _) = await DeliverAsync(Example("track-alert-out-for-delivery.json"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, body!["shipments"]!.GetValue<int>());
        Assert.Equal("out_for_delivery", body["status"]!.GetValue<string>());
        Assert.Equal("OutForDelivery", await _host.QueryAsync(db => db.Shipments.Where(s => s.TrackingNumber == Number).Select(s => s.TrackingStatus).SingleAsync()));
        Assert.Empty(await _host.GetArrayAsync("/api/cases"));
    }

    [Fact]
    public async Task Deliver_OfficialDeliveredExample_SettlesTheShipment()
    {
        var (status, _, _) = await DeliverAsync(Example("track-alert-delivered.json"));

        Assert.Equal(HttpStatusCode.OK, status);
        var shipment = await _host.QueryAsync(db => db.Shipments.SingleAsync(s => s.TrackingNumber == Number));
        Assert.Equal("Delivered", shipment.TrackingStatus);
        Assert.Null(shipment.NextCheckAt);
    }

    [Fact]
    public async Task Deliver_DamagedExceptionScan_OpensTheCaseBeforeAnsweringAndTheTicketWithItsDeliveryJob()
    {
        var damaged = Mutate(Example("track-alert-out-for-delivery.json"), b =>
        {
            b["activityStatus"] = new JsonObject { ["type"] = "X", ["code"] = "U2", ["description"] = "The package was damaged in transit." };
            b["gmtActivityDate"] = Now.UtcDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
            b["gmtActivityTime"] = Now.AddMinutes(-5).UtcDateTime.ToString("HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        });

        var (status, _, _) = await DeliverAsync(damaged);

        // The case is there when UPS hears 200 (same batch entry point as a poll, no sweep in between) ...
        Assert.Equal(HttpStatusCode.OK, status);
        var @case = Assert.Single(await _host.GetArrayAsync("/api/cases"))!;
        Assert.Equal("exception", @case["breachType"]!.GetValue<string>());
        // ... and its ticket is owed to the delivery job already enqueued, as for a polled answer: opened with no time
        // passing on the service's clock, inside the pipeline's 60 s budget from the moment UPS told us.
        await _host.RunEnqueuedAsync();
        var ticket = Assert.Single(await _host.GetArrayAsync("/api/tickets"))!;
        Assert.InRange(ticket["createdAt"]!.GetValue<DateTimeOffset>() - Now, TimeSpan.Zero, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Deliver_InTransitScanAfterTheDeadline_OpensTheLateCaseAtOnce()
    {
        const string late = "1Z204W4R0308079999";
        await _host.PostShipmentAsync(UpsRequest(late, Now.AddHours(-2)));
        var scan = Mutate(Example("track-alert-out-for-delivery.json"), b =>
        {
            b["trackingNumber"] = late;
            b["activityStatus"] = new JsonObject { ["type"] = "I", ["code"] = "AR", ["description"] = "Arrived at Facility" };
            b["gmtActivityDate"] = Now.UtcDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
            b["gmtActivityTime"] = Now.AddMinutes(-5).UtcDateTime.ToString("HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        });

        var (status, _, _) = await DeliverAsync(scan);
        await _host.RunEnqueuedAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("late", Assert.Single(await _host.GetArrayAsync("/api/cases"))!["breachType"]!.GetValue<string>());
        Assert.Single(await _host.GetArrayAsync("/api/tickets"));
    }

    [Theory]
    [InlineData("trackingNumber")]
    [InlineData("activityStatus")]
    [InlineData("gmtActivityDate")]
    [InlineData("activityLocation.country")]
    public async Task Deliver_BodyBreakingTheSchema_Returns400NamingTheFieldAndStoresNothing(string field)
    {
        var broken = Mutate(Example("track-alert-delivered.json"), b =>
        {
            switch (field)
            {
                case "trackingNumber": b.Remove("trackingNumber"); break;
                case "activityStatus": b["activityStatus"] = "Delivered"; break;
                case "gmtActivityDate": b["gmtActivityDate"] = "2024-04-23"; break;
                default: b["activityLocation"]!["country"] = "USA"; break;
            }
        });

        var (status, body, response) = await DeliverAsync(broken);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(body!["errors"]![field] is not null, body.ToJsonString());
        Assert.Null(await StoredTrackingAsync());
        Assert.Empty(await _host.GetArrayAsync("/api/cases"));
    }

    [Fact]
    public async Task Deliver_NotJson_Returns400AndStoresNothing()
    {
        var (status, body, _) = await DeliverAsync("trackingNumber=1Z204W4R0308071865");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(body!["errors"]!["body"]);
        Assert.Null(await StoredTrackingAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("test-track-alert-credential-012345678")]
    [InlineData("test-track-alert-credential-0123456789x")]
    [InlineData("")]
    public async Task Deliver_MissingOrWrongCredential_Returns401AndStoresNothing(string? credential)
    {
        var (status, _, response) = await DeliverAsync(Example("track-alert-delivered.json"), credential);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(await StoredTrackingAsync());
    }

    [Fact]
    public async Task Deliver_OurApiKeyInsteadOfTheCredential_Returns401()
    {
        using var client = _host.CreateClient();   // carries the all-scopes API key
        using var response = await client.PostAsync("/webhooks/ups/track-alert", new StringContent(Example("track-alert-delivered.json"), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(await StoredTrackingAsync());
    }

    [Fact]
    public async Task Deliver_CredentialAsBearer_IsAccepted()
    {
        var (status, _, _) = await DeliverAsync(Example("track-alert-out-for-delivery.json"), Credential, header: "Authorization");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(await StoredTrackingAsync());
    }

    [Fact]
    public async Task Deliver_NumberNobodyRegistered_Returns200AndStoresNothing()
    {
        var (status, body, _) = await DeliverAsync(Mutate(Example("track-alert-delivered.json"), b => b["trackingNumber"] = "1Z999AA10000000001"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body!["known"]!.GetValue<bool>());
        Assert.Equal(1, await _host.QueryAsync(db => db.Shipments.CountAsync()));
        Assert.Null(await StoredTrackingAsync());
    }

    [Fact]
    public async Task Deliver_UpdateScanAfterOutForDelivery_KeepsTheStatusAndTakesTheNewDay()
    {
        await DeliverAsync(Example("track-alert-out-for-delivery.json"));
        var update = Mutate(Example("track-alert-out-for-delivery.json"), b =>
        {
            b["activityStatus"] = new JsonObject { ["type"] = "U", ["code"] = "SD", ["description"] = "Updated delivery date" };
            b["gmtActivityTime"] = "134000";
            b["scheduledDeliveryDate"] = "20240424";
        });

        var (status, _, _) = await DeliverAsync(update);

        Assert.Equal(HttpStatusCode.OK, status);
        var shipment = await _host.QueryAsync(db => db.Shipments.SingleAsync(s => s.TrackingNumber == Number));
        Assert.Equal("OutForDelivery", shipment.TrackingStatus);
        Assert.Equal(new DateOnly(2024, 4, 24), RecoveryWorker.Storage.TrackingSnapshotJson.Deserialize(shipment.TrackingJson!).EstimatedDelivery?.Date);
    }
}
