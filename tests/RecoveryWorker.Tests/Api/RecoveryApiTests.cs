using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Tests.Support;
using static RecoveryWorker.Tests.Support.Parcels;

namespace RecoveryWorker.Tests.Api;

public sealed class RecoveryApiTests : IAsyncLifetime, IDisposable
{
    private readonly WorkerFolder _folder = new();
    private WorkerHost _host = null!;

    public Task InitializeAsync()
    {
        _folder.WriteTracking(new Dictionary<string, object>());
        _host = new WorkerHost(_folder, new FakeTimeProvider(Start));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public void Dispose() => _folder.Dispose();

    private async Task<(HttpStatusCode Status, string ContentType, JsonNode Body)> PostAsync(string json)
    {
        using var client = _host.CreateClient();
        using var response = await client.PostAsync("/api/shipments", new StringContent(json, Encoding.UTF8, "application/json"));
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType ?? "", JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    [Fact]
    public async Task PostShipment_Valid_Returns201WithLocationAndTheShipmentIsReadable()
    {
        using var client = _host.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/shipments", Request("1Z999", Start.AddDays(1)));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        var shipment = await _host.GetAsync(location);
        Assert.Equal("ORD-1Z999", shipment["orderId"]!.GetValue<string>());
        Assert.Equal("America/New_York", shipment["promise"]!["timeZone"]!.GetValue<string>());
        Assert.Null(shipment["customer"]!["email"]); // personal data stays out of shipment views
        Assert.NotNull(shipment["nextCheckAt"]);
    }

    [Fact]
    public async Task PostShipment_SandboxCarrierInProductionWithoutTheFlag_Returns400NamingTheCarrier()
    {
        await using var production = new WorkerHost(_folder, new FakeTimeProvider(Start), new() { ["Carriers:Sandbox:Enabled"] = null }, environment: "Production");
        using var client = production.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/shipments", Request("1Z999", Start.AddDays(1)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var error = Assert.Single(body["errors"]!.AsObject());
        Assert.Equal("carrier", error.Key);
        Assert.Contains("'sandbox' is not a carrier", error.Value![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("sandbox,", error.Value![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostShipment_SameShipmentAgain_Returns200WithTheSameId()
    {
        var first = await _host.PostShipmentAsync(Request("1Z999", Start.AddDays(1)));
        var again = await _host.PostShipmentAsync(Request("1Z999", Start.AddDays(1)), HttpStatusCode.OK);

        Assert.Equal(first["id"]!.GetValue<Guid>(), again["id"]!.GetValue<Guid>());
        Assert.False(again["created"]!.GetValue<bool>());
        Assert.Equal(1, await _host.QueryAsync(db => db.Shipments.CountAsync()));
    }

    [Fact]
    public async Task PostShipments_ArrayWithOneBadItem_Returns400PerItemAndStoresNone()
    {
        var bad = Request("BAD", Start.AddDays(1));
        ((Dictionary<string, object?>)bad["customer"]!)["email"] = "not-an-email";
        var json = System.Text.Json.JsonSerializer.Serialize(new[] { Request("GOOD1", Start.AddDays(1)), bad, Request("GOOD2", Start.AddDays(1)) });

        var (status, contentType, body) = await PostAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal(["[1].customer.email"], body["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(0, await _host.QueryAsync(db => db.Shipments.CountAsync()));
    }

    [Fact]
    public async Task PostShipments_ArrayOfNewAndExisting_Returns201WithEachId()
    {
        var existing = await _host.PostShipmentAsync(Request("OLD", Start.AddDays(1)));

        var results = (await _host.PostShipmentAsync(new[] { Request("OLD", Start.AddDays(1)), Request("NEW", Start.AddDays(1)) })).AsArray();

        Assert.Equal(existing["id"]!.GetValue<Guid>(), results[0]!["id"]!.GetValue<Guid>());
        Assert.False(results[0]!["created"]!.GetValue<bool>());
        Assert.True(results[1]!["created"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("orderId", null, "orderId")]
    [InlineData("carrier", "royalmail", "carrier")]
    [InlineData("trackingNumber", "1Z<script>", "trackingNumber")]
    [InlineData("promisedBy", "2026-11-20T12:00:00", "promisedBy")]
    [InlineData("promisedBy", "next tuesday", "promisedBy")]
    [InlineData("promiseTimeZone", "Mars/Olympus", "promiseTimeZone")]
    [InlineData("shippedAt", "2026-11-10", "shippedAt")]
    [InlineData("guaranteed", "yes", "guaranteed")]
    [InlineData("customer.email", "ada@", "customer.email")]
    [InlineData("customer.id", null, "customer.id")]
    [InlineData("customer.locale", "klingon!", "customer.locale")]
    [InlineData("order.currency", "usd", "order.currency")]
    [InlineData("order.value", "-5", "order.value")]
    [InlineData("customer", null, "customer")]
    [InlineData("destinationCountry", "usa", "destinationCountry")]
    public async Task PostShipment_InvalidField_Returns400NamingTheField(string path, string? value, string expectedField)
    {
        var request = Request("1Z999", Start.AddDays(1));
        var parts = path.Split('.');
        var target = parts.Length == 2 ? (Dictionary<string, object?>)request[parts[0]]! : request;
        target[parts[^1]] = value is null ? null : decimal.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : value;

        var (status, contentType, body) = await PostAsync(System.Text.Json.JsonSerializer.Serialize(request));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Contains(expectedField, body["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(400, body["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task PostShipment_WithOriginAndDestination_StoresTheLaneAndShowsNoPostalCode()
    {
        var request = Request("1ZLANE", Start.AddDays(1));
        request["origin"] = new Dictionary<string, object?> { ["country"] = "us", ["region"] = "US-CA", ["postalCode"] = "94107" };
        request["destination"] = new Dictionary<string, object?> { ["country"] = "US", ["region"] = "ny", ["postalCode"] = "10001" };

        using var client = _host.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/shipments", request);
        var shipment = await _host.GetAsync(response.Headers.Location!.ToString());
        var stored = await _host.QueryAsync(db => db.Shipments.SingleAsync(s => s.TrackingNumber == "1ZLANE"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("""{"country":"US","region":"CA"}""", shipment["origin"]!.ToJsonString());
        Assert.Equal("""{"country":"US","region":"NY"}""", shipment["destination"]!.ToJsonString()); // the postal code is the customer's address
        Assert.Equal(("94107", "10001"), (stored.OriginPostalCode, stored.DestinationPostalCode));
    }

    [Theory]
    [InlineData("origin", """{"region":"CA"}""", "origin.country")]
    [InlineData("origin", """{"country":"USA"}""", "origin.country")]
    [InlineData("destination", """{"country":"US","region":"California"}""", "destination.region")]
    [InlineData("destination", """{"country":"US","postalCode":"10001<b>"}""", "destination.postalCode")]
    [InlineData("destination", "\"US\"", "destination")]
    [InlineData("destination", """{"country":"FR"}""", "destination.country")] // differs from destinationCountry DE
    public async Task PostShipment_BadPlace_Returns400NamingTheField(string name, string json, string expectedField)
    {
        var request = Request("1ZLANE", Start.AddDays(1));
        request["destinationCountry"] = "DE";
        request[name] = JsonNode.Parse(json);

        var (status, _, body) = await PostAsync(System.Text.Json.JsonSerializer.Serialize(request));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(expectedField, body["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task PostShipment_WithoutPromise_WorksItOutFromTheServiceAndSaysHow()
    {
        var request = Request("NOPROMISE1", Start.AddDays(1), service: "two_day");
        request.Remove("promisedBy");
        request["shippedAt"] = "2026-11-25T11:00:00-05:00";        // the day before Thanksgiving
        request["destinationCountry"] = "US";

        var created = await _host.PostShipmentAsync(request);

        var promise = created["promise"]!;
        Assert.True(promise["computed"]!.GetValue<bool>());
        Assert.Equal(DateTimeOffset.Parse("2026-11-30T20:00:00-05:00", System.Globalization.CultureInfo.InvariantCulture), promise["promisedBy"]!.GetValue<DateTimeOffset>());
        Assert.Contains("2 business day(s) of 'two_day'", promise["basis"]!.GetValue<string>(), StringComparison.Ordinal);
        var stored = await _host.GetAsync(created["location"]!.GetValue<string>());
        Assert.Equal(promise["promisedBy"]!.GetValue<DateTimeOffset>(), stored["promise"]!["promisedBy"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task PostShipment_WithPromise_SaysItWasGivenNotComputed()
    {
        var created = await _host.PostShipmentAsync(Request("GIVEN1", Start.AddDays(1)));

        Assert.False(created["promise"]!["computed"]!.GetValue<bool>());
        Assert.Null(created["promise"]!["basis"]);
    }

    [Theory]
    [InlineData("promiseTimeZone", "ground", "promiseTimeZone")]     // no zone to work the promise out in
    [InlineData(null, "carrier_pigeon", "promisedBy")]               // a service without transit days
    public async Task PostShipment_WithoutPromiseAndWhatItTakes_Returns400NamingTheField(string? remove, string service, string expectedField)
    {
        var request = Request("NOPROMISE2", Start.AddDays(1), service: service);
        request.Remove("promisedBy");
        if (remove is not null)
        {
            request.Remove(remove);
        }

        var (status, _, body) = await PostAsync(System.Text.Json.JsonSerializer.Serialize(request));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal([expectedField], body["errors"]!.AsObject().Select(e => e.Key));
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("[]")]
    [InlineData("42")]
    public async Task PostShipment_UnusableBody_Returns400NamingTheBody(string json)
    {
        var (status, contentType, body) = await PostAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.NotEmpty(body["errors"]!.AsObject());
    }

    [Theory]
    [InlineData("/api/cases?status=lost", "status")]
    [InlineData("/api/cases?breachType=slow", "breachType")]
    [InlineData("/api/cases?pageSize=501", "pageSize")]
    [InlineData("/api/cases?page=0", "page")]
    [InlineData("/api/tickets?pageSize=x", "pageSize")]
    public async Task GetCases_UnknownFilter_Returns400NamingTheParameter(string url, string field)
    {
        using var client = _host.CreateClient();
        using var response = await client.GetAsync(url);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, body["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task GetCases_MoreThanAPage_PagesThroughEveryCaseOnceFollowingTheNextLink()
    {
        var numbers = Enumerable.Range(0, 120).Select(i => $"PAGE{i:000}").ToArray();
        _folder.WriteTracking(numbers.ToDictionary(n => n, _ => Parcel("Ground", Scan(Start.AddDays(-1), "PickedUp", "Atlanta, GA"), Scan(Start.AddHours(-2), "InTransit", "Newark, NJ"))));
        await _host.PostShipmentAsync(numbers.Select(n => Request(n, Start.AddHours(-1))).ToArray());
        await _host.SweepAndRunAsync();
        using var client = _host.CreateClient();

        var keys = new List<string>();
        var pages = 0;
        for (var url = "/api/cases?breachType=late&pageSize=50"; url is not null; pages++)
        {
            using var response = await client.GetAsync(url);
            keys.AddRange(JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray().Select(c => c!["key"]!.GetValue<string>()));
            url = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split('>')[0].TrimStart('<') : null;
            Assert.True(url is null || url.Contains("breachType=late", StringComparison.Ordinal), url);
        }

        using var tickets = await client.GetAsync("/api/tickets");
        var firstTickets = JsonNode.Parse(await tickets.Content.ReadAsStringAsync())!.AsArray();

        Assert.Equal(3, pages);
        Assert.Equal(120, keys.Count);
        Assert.Equal(120, keys.Distinct().Count());
        Assert.Equal(100, firstTickets.Count); // the default page size
        Assert.Contains("page=2", Assert.Single(tickets.Headers.GetValues("Link")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetShipment_Unknown_Returns404Problem()
    {
        using var client = _host.CreateClient();
        using var response = await client.GetAsync($"/api/shipments/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task HealthReady_WithDatabase_Returns200()
    {
        using var client = _host.CreateClient();
        using var response = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
