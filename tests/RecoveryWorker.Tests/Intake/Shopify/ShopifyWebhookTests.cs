using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Intake.Shopify;
using RecoveryWorker.Storage;
using RecoveryWorker.Tests.Support;
using static RecoveryWorker.Tests.Support.Parcels;

namespace RecoveryWorker.Tests.Intake.Shopify;

/// <summary>
/// <c>POST /webhooks/shopify</c> through the real host, with a Shopify store (its Admin API) over HTTP: signed
/// deliveries are accepted at once and turned into shipments by a job; unsigned ones are refused; Shopify's retries
/// are one delivery; a cancelled fulfilment cancels its shipments; a carrier we do not track is recorded and reported.
/// </summary>
public sealed class ShopifyWebhookTests : IAsyncLifetime, IDisposable
{
    private const long OrderId = 450789469;
    private readonly WorkerFolder _folder = new();
    private readonly FakeShopify _shopify = new();
    private WorkerHost _host = null!;

    public Task InitializeAsync()
    {
        _folder.WriteTracking(new Dictionary<string, object>());
        _shopify.AddOrder(OrderId, "#1001");
        _host = new WorkerHost(_folder, new FakeTimeProvider(Start.AddHours(5)), _shopify.Settings);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public void Dispose()
    {
        _shopify.Dispose();
        _folder.Dispose();
    }

    private async Task<HttpResponseMessage> DeliverAsync(HttpRequestMessage delivery)
    {
        using var client = SignIn.Anonymous(_host); // Shopify sends no API key
        using (delivery)
        {
            return await client.SendAsync(delivery);
        }
    }

    private Task<List<ShipmentRecord>> ShipmentsAsync() => _host.QueryAsync(db => db.Shipments.AsNoTracking().OrderBy(s => s.TrackingNumber).ToListAsync());

    private Task<WebhookDeliveryRecord?> DeliveryAsync(string id) => _host.QueryAsync(db => db.WebhookDeliveries.AsNoTracking().FirstOrDefaultAsync(d => d.DeliveryId == id));

    [Fact]
    public async Task Post_SignedFulfillmentCreate_AcceptedAtOnceThenEveryTrackingNumberRegisteredWithAComputedPromise()
    {
        var body = FakeShopify.Fulfillment(255858046, OrderId, "UPS", ["1Z2345", "1Z6789"]);

        using var response = await DeliverAsync(FakeShopify.Delivery(body, "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await ShipmentsAsync()); // accepted, not yet processed: the answer does not wait for Shopify's Admin API
        Assert.Equal(0, _shopify.OrderReads);
        Assert.Equal(1, await _host.RunEnqueuedAsync());

        var shipments = await ShipmentsAsync();
        Assert.Equal(["1Z2345", "1Z6789"], shipments.Select(s => s.TrackingNumber));
        Assert.All(shipments, s =>
        {
            Assert.Equal("ups", s.Carrier);
            Assert.Equal("#1001", s.OrderId);
            Assert.Equal("next_day_air", s.ServiceCode); // the shipping line "Express", mapped under Intake:Shopify:Services
            Assert.Equal("America/New_York", s.PromiseTimeZone); // Kentucky
            Assert.Equal(DateTimeOffset.Parse("2026-11-17T10:30:00-05:00", System.Globalization.CultureInfo.InvariantCulture), s.PromisedBy);
            Assert.Equal(Start, s.ShippedAt);
            Assert.Equal("207119551", s.CustomerId);
            Assert.Equal("bob.norman@mail.example.com", s.CustomerEmail);
            Assert.Equal("Bob Norman", s.CustomerName);
            Assert.Equal(598.94m, s.OrderValue);
            Assert.Equal(9.99m, s.ShippingCost);
            Assert.Equal("shopify:fulfillment:255858046", s.SourceRef);
            Assert.Equal(("US", "KY", "40202"), (s.DestinationCountry, s.DestinationRegion, s.DestinationPostalCode));
            Assert.Null(s.OriginCountry); // origin_address is null in Shopify's example
        });
        var delivery = await DeliveryAsync("b54557e4-bdd9-4b37-8a5f-bf7d70bcd043");
        Assert.NotNull(delivery!.ProcessedAt);
        Assert.Null(delivery.Body); // the customer's name and address are not kept once processed
        Assert.StartsWith("registered: 2 shipment(s) registered", delivery.Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_FulfillmentWithOriginAddress_StoresTheLaneAndLeavesOutAZipIntakeWouldRefuse()
    {
        const string origin = """{"address1":"1 Warehouse Way","address2":null,"city":"Fresno","country_code":"US","province_code":"CA","zip":"93706"}""";
        var body = FakeShopify.Fulfillment(255858047, OrderId, "UPS", ["1Z2346"], countryCode: "CA", provinceCode: "ON", originAddress: origin)
            .Replace("\"zip\":\"40202\"", "\"zip\":\"K1A 0B1 (back door)\"", StringComparison.Ordinal);

        using var response = await DeliverAsync(FakeShopify.Delivery(body, "5b1a2c3d-0000-4b37-8a5f-bf7d70bcd047"));
        await _host.RunEnqueuedAsync();

        var shipment = Assert.Single(await ShipmentsAsync());
        Assert.Equal(("US", "CA", "93706"), (shipment.OriginCountry, shipment.OriginRegion, shipment.OriginPostalCode));
        Assert.Equal(("CA", "ON"), (shipment.DestinationCountry, shipment.DestinationRegion));
        Assert.Null(shipment.DestinationPostalCode); // not a postal code: dropped, the parcel still registered
        Assert.Equal("America/Toronto", shipment.PromiseTimeZone);
    }

    [Theory]
    [InlineData(null, "no signature")]
    [InlineData("bm90IHRoZSBzaWduYXR1cmU=", "a wrong signature")]
    [InlineData("!!not-base64!!", "not base64")]
    [InlineData("other-secret", "signed with another secret")]
    [InlineData("other-body", "signed over another body")]
    public async Task Post_BadOrMissingSignature_Returns401ProblemAndStoresNothing(string? signature, string why)
    {
        var body = FakeShopify.Fulfillment(255858046, OrderId, "UPS", ["1Z2345"]);
        var header = signature switch
        {
            "other-secret" => FakeShopify.Sign(body, "not-the-secret"),
            "other-body" => FakeShopify.Sign(body.Replace("1Z2345", "1Z9999", StringComparison.Ordinal)),
            _ => signature,
        };

        using var response = await DeliverAsync(FakeShopify.Delivery(body, "unsigned-1", signature: header));

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, why);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(await DeliveryAsync("unsigned-1"));
        Assert.Empty(_host.AllJobs());
    }

    [Fact]
    public async Task Post_SameDeliveryRetriedByShopify_ProcessedOnceAndCountedAsRepeats()
    {
        var body = FakeShopify.Fulfillment(255858046, OrderId, "UPS", ["1Z2345"]);

        using (await DeliverAsync(FakeShopify.Delivery(body, "retried-1")))
        {
        }

        using var whileQueued = await DeliverAsync(FakeShopify.Delivery(body, "retried-1")); // Shopify did not hear back in 5 s
        await _host.RunEnqueuedAsync();
        using var afterwards = await DeliverAsync(FakeShopify.Delivery(body, "retried-1"));
        await _host.RunEnqueuedAsync();

        Assert.Equal(HttpStatusCode.OK, whileQueued.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
        Assert.True(JsonNode.Parse(await afterwards.Content.ReadAsStringAsync())!["duplicate"]!.GetValue<bool>());
        Assert.Single(await ShipmentsAsync());
        Assert.Equal(1, _shopify.OrderReads); // the second job found the delivery processed and did nothing
        Assert.Equal(2, (await DeliveryAsync("retried-1"))!.Repeats);
    }

    [Fact]
    public async Task Post_FulfillmentCancelled_CancelsItsShipmentsAuditedAsShopify()
    {
        await DeliverAndRunAsync(FakeShopify.Fulfillment(255858046, OrderId, "UPS", ["1Z2345", "1Z6789"]), "create-1");
        var other = FakeShopify.Fulfillment(255858047, OrderId, "UPS", ["1ZOTHER"]);
        await DeliverAndRunAsync(other, "create-2");

        await DeliverAndRunAsync(FakeShopify.Fulfillment(255858046, OrderId, "UPS", ["1Z2345", "1Z6789"], status: "cancelled"), "cancel-1", "fulfillments/update");

        var shipments = await ShipmentsAsync();
        Assert.All(shipments.Where(s => s.SourceRef == "shopify:fulfillment:255858046"), s =>
        {
            Assert.NotNull(s.CancelledAt);
            Assert.Null(s.NextCheckAt);
        });
        Assert.Null(shipments.Single(s => s.TrackingNumber == "1ZOTHER").CancelledAt); // another fulfilment of the order stays
        var audit = await _host.QueryAsync(db => db.ShipmentChanges.AsNoTracking().ToListAsync());
        Assert.Equal(2, audit.Count);
        Assert.All(audit, a => Assert.Equal(("shopify:webhook", "cancelled"), (a.Actor, a.Action)));
        Assert.StartsWith("cancelled: 2 shipment(s) cancelled", (await DeliveryAsync("cancel-1"))!.Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_UpdateThatReplacesATrackingNumber_RegistersTheNewAndCancelsTheOld()
    {
        await DeliverAndRunAsync(FakeShopify.Fulfillment(255858046, OrderId, "UPS", ["1Z2345", "1ZTYPO"]), "create-1");

        await DeliverAndRunAsync(FakeShopify.Fulfillment(255858046, OrderId, "UPS", ["1Z2345", "1ZFIXED"]), "update-1", "fulfillments/update");

        var shipments = (await ShipmentsAsync()).ToDictionary(s => s.TrackingNumber);
        Assert.Equal(3, shipments.Count);
        Assert.Null(shipments["1Z2345"].CancelledAt);
        Assert.Null(shipments["1ZFIXED"].CancelledAt);
        Assert.NotNull(shipments["1ZTYPO"].CancelledAt);
    }

    [Fact]
    public async Task Post_CarrierWeDoNotTrack_RecordedAndReportedNothingRegistered()
    {
        await DeliverAndRunAsync(FakeShopify.Fulfillment(255858046, OrderId, "Purolator", ["PUR123", "PUR456"]), "purolator-1");
        await DeliverAndRunAsync(FakeShopify.Fulfillment(255858048, OrderId, "UPS", ["1Z2345"]), "ups-1");

        Assert.Single(await ShipmentsAsync());
        Assert.Equal(1, _shopify.OrderReads); // the order of a fulfilment we cannot watch is not read
        var report = await _host.GetArrayAsync("/api/webhook-deliveries?attention=true");
        var item = Assert.Single(report)!;
        Assert.Equal("purolator-1", item["deliveryId"]!.GetValue<string>());
        Assert.Equal("fulfillments/create", item["topic"]!.GetValue<string>());
        Assert.StartsWith("unknown_carrier: carrier 'Purolator' is not one we track; 2 tracking number(s) not watched", item["outcome"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, (await _host.GetArrayAsync("/api/webhook-deliveries")).Count);
    }

    [Fact]
    public async Task Process_ShopifyAdminDown_FailsForHangfireToRetryThenRegisters()
    {
        _shopify.Down = true;
        using (await DeliverAsync(FakeShopify.Delivery(FakeShopify.Fulfillment(255858046, OrderId, "UPS", ["1Z2345"]), "down-1")))
        {
        }

        using var scope = _host.Services.CreateScope();
        var fulfillments = scope.ServiceProvider.GetRequiredService<ShopifyFulfillments>();
        await Assert.ThrowsAsync<ShopifyUnavailableException>(() => fulfillments.ProcessAsync("down-1", CancellationToken.None));
        Assert.Empty(await ShipmentsAsync());
        Assert.NotNull((await DeliveryAsync("down-1"))!.Body); // kept until processed

        _shopify.Down = false;
        await fulfillments.ProcessAsync("down-1", CancellationToken.None);

        Assert.Single(await ShipmentsAsync());
    }

    [Fact]
    public async Task Retention_DeliveryNeverProcessed_BodyErasedAtTheCustomerDataAge()
    {
        _shopify.Down = true;
        using (await DeliverAsync(FakeShopify.Delivery(FakeShopify.Fulfillment(255858046, OrderId, "UPS", ["1Z2345"]), "stuck-1")))
        {
        }

        using var scope = _host.Services.CreateScope();
        var eraser = scope.ServiceProvider.GetRequiredService<RecoveryWorker.Retention.PersonalDataEraser>();
        var (_, early) = await eraser.EraseExpiredAsync(CancellationToken.None);
        _host.Time.Advance(TimeSpan.FromDays(91)); // Retention:CustomerData is 90 days
        var (_, late) = await eraser.EraseExpiredAsync(CancellationToken.None);

        Assert.Equal(0, early.WebhookBodies);
        Assert.Equal(1, late.WebhookBodies);
        var delivery = await DeliveryAsync("stuck-1");
        Assert.Null(delivery!.Body);
        Assert.StartsWith("expired:", delivery.Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_OtherTopicOrMissingWebhookId_IgnoredOr400()
    {
        var body = FakeShopify.Fulfillment(255858046, OrderId, "UPS", ["1Z2345"]);

        using var otherTopic = await DeliverAsync(FakeShopify.Delivery(body, "topic-1", topic: "orders/create"));
        var noId = FakeShopify.Delivery(body, "x");
        noId.Headers.Remove("X-Shopify-Webhook-Id");
        using var missingId = await DeliverAsync(noId);

        Assert.Equal(HttpStatusCode.OK, otherTopic.StatusCode);
        Assert.False(JsonNode.Parse(await otherTopic.Content.ReadAsStringAsync())!["accepted"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.BadRequest, missingId.StatusCode);
        Assert.Contains("X-Shopify-Webhook-Id", JsonNode.Parse(await missingId.Content.ReadAsStringAsync())!["errors"]!.AsObject().Select(e => e.Key));
        Assert.Empty(await _host.QueryAsync(db => db.WebhookDeliveries.ToListAsync()));
    }

    [Fact]
    public async Task Post_ShopifyNotEnabled_Returns404()
    {
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(Start), new Dictionary<string, string?> { ["Intake:Shopify:Enabled"] = "false" });
        using var client = SignIn.Anonymous(host);
        using var delivery = FakeShopify.Delivery(FakeShopify.Fulfillment(1, OrderId, "UPS", ["1Z2345"]), "off-1");

        using var response = await client.SendAsync(delivery);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task DeliverAndRunAsync(string body, string webhookId, string topic = "fulfillments/create")
    {
        using var response = await DeliverAsync(FakeShopify.Delivery(body, webhookId, topic));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await _host.RunEnqueuedAsync());
    }
}
