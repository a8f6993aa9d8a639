using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Domain.Cases;
using RecoveryWorker.Storage;
using RecoveryWorker.Tests.Support;
using static RecoveryWorker.Tests.Support.Parcels;

namespace RecoveryWorker.Tests.Intake;

/// <summary><c>PATCH</c> and <c>DELETE /api/shipments/{id}</c>: changes the customer agreed to, and cancelled orders.</summary>
public sealed class ShipmentChangesTests : IAsyncLifetime, IDisposable
{
    private readonly WorkerFolder _folder = new();
    private WorkerHost _host = null!;

    public Task InitializeAsync()
    {
        _folder.WriteTracking(new Dictionary<string, object>
        {
            ["ONTIME1"] = Parcel("Ground", Scan(Start.AddHours(-5), "PickedUp", "Atlanta, GA")),
            ["LOST1"] = Parcel("Ground", Scan(Start.AddDays(-1), "PickedUp"), Scan(Start.AddHours(-1), "Exception", "Reno, NV", "Lost")),
        });
        _host = new WorkerHost(_folder, new FakeTimeProvider(Start));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public void Dispose() => _folder.Dispose();

    private async Task<string> RegisterAsync(string number) => (await _host.PostShipmentAsync(Request(number, Start.AddDays(3))))["location"]!.GetValue<string>();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var client = _host.CreateClient();
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        return await client.SendAsync(request);
    }

    private Task<List<LocalTicketCommentRecord>> CommentsAsync() => _host.QueryAsync(db => db.LocalTicketComments.AsNoTracking().ToListAsync());

    [Fact]
    public async Task Patch_NewPromise_ChangesItAuditsWhoAndWhatAndChecksAgainNow()
    {
        var location = await RegisterAsync("ONTIME1");
        _host.Time.Advance(TimeSpan.FromMinutes(1));
        await _host.SweepAndRunAsync();

        using var response = await SendAsync(HttpMethod.Patch, location, new { promisedBy = "2026-12-20T12:00:00-05:00", service = "two_day" });

        var view = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.StatusCode == HttpStatusCode.OK, view.ToJsonString());
        Assert.Equal(DateTimeOffset.Parse("2026-12-20T17:00:00Z", System.Globalization.CultureInfo.InvariantCulture), view["promise"]!["promisedBy"]!.GetValue<DateTimeOffset>());
        Assert.Equal("two_day", view["service"]!.GetValue<string>());
        Assert.Equal(_host.Time.GetUtcNow(), view["nextCheckAt"]!.GetValue<DateTimeOffset>());
        var change = Assert.Single(view["changes"]!.AsArray())!;
        Assert.Equal("key:tests", change["actor"]!.GetValue<string>());
        Assert.Equal("changed", change["action"]!.GetValue<string>());
        Assert.Equal("ground", change["details"]!["service"]!["from"]!.GetValue<string>());
        Assert.Equal("two_day", change["details"]!["service"]!["to"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"customer":{"email":"eve@example.com"}}""", "customer")]
    [InlineData("""{"promisedBy":"2026-12-20T12:00:00"}""", "promisedBy")]
    [InlineData("""{"promiseTimeZone":"Mars/Olympus"}""", "promiseTimeZone")]
    [InlineData("""{}""", "body")]
    public async Task Patch_FieldThatCannotChangeOrIsInvalid_Returns400NamingItAndChangesNothing(string json, string field)
    {
        var location = await RegisterAsync("ONTIME1");
        using var client = _host.CreateClient();

        using var response = await client.PatchAsync(location, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains(field, problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Empty(await _host.QueryAsync(db => db.ShipmentChanges.ToListAsync()));
    }

    [Fact]
    public async Task Delete_WithAnOpenTicketedCase_ClosesItWithAnInternalNoteAndNoCustomerMessage()
    {
        var location = await RegisterAsync("LOST1");
        _host.Time.Advance(TimeSpan.FromMinutes(1));
        await _host.SweepAndRunAsync();
        var publicBefore = (await CommentsAsync()).Count(c => c.Public);
        Assert.True(publicBefore > 0, "the apology was not sent");

        using var response = await SendAsync(HttpMethod.Delete, location + "?reason=customer%20changed%20their%20mind");
        using var again = await SendAsync(HttpMethod.Delete, location);
        await _host.RunEnqueuedAsync();
        _host.Time.Advance(TimeSpan.FromDays(5));
        await _host.RunForAsync(TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(1));

        var view = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.StatusCode == HttpStatusCode.OK, view.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.NotNull(view["cancelledAt"]);
        Assert.Null(view["nextCheckAt"]);
        var @case = Assert.Single(view["cases"]!.AsArray())!;
        Assert.Equal("resolved", @case["status"]!.GetValue<string>());
        var comments = await CommentsAsync();
        Assert.Equal(publicBefore, comments.Count(c => c.Public));
        Assert.Contains(comments, c => !c.Public && c.Body.Contains("The order was cancelled (order cancelled: customer changed their mind)", StringComparison.Ordinal));
        Assert.Single(await _host.QueryAsync(db => db.ShipmentChanges.Where(c => c.Action == "cancelled").ToListAsync()));
        Assert.All(await _host.QueryAsync(db => db.FollowUps.ToListAsync()), f => Assert.NotNull(f.DoneAt));
    }

    [Fact]
    public async Task Delete_BeforeTheTicketIsCreated_NoTicketIsEverOpened()
    {
        var location = await RegisterAsync("LOST1");
        _host.Time.Advance(TimeSpan.FromMinutes(1));
        await _host.SweepAsync();
        await _host.RunEnqueuedAsync(max: 1);   // the tracking batch: the case is detected and its ticket owed
        Assert.Single(await _host.GetArrayAsync("/api/cases"));

        using var response = await SendAsync(HttpMethod.Delete, location);
        await _host.RunEnqueuedAsync();         // the delivery job finds nothing to send

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await _host.GetArrayAsync("/api/tickets"));
        var effect = await _host.QueryAsync(db => db.OwedEffects.SingleAsync(e => e.Kind == OwedEffectKinds.OpenTicket));
        Assert.Equal(OwedEffectStates.Rejected, effect.State);
        // The remedy proposed with the case was never offered: it is withdrawn with it.
        var entry = Assert.Single(await _host.QueryAsync(db => db.Compensations.ToListAsync()));
        Assert.Equal(CompensationStatuses.Withdrawn, entry.Status);
        Assert.Null(entry.OfferedAt);
    }

    [Fact]
    public async Task Delete_WhileATicketCreateIsOut_Returns409WithRetryAfterAndChangesNothing()
    {
        var location = await RegisterAsync("LOST1");
        _host.Time.Advance(TimeSpan.FromMinutes(1));
        await _host.SweepAsync();
        await _host.RunEnqueuedAsync(max: 1);
        await _host.QueryAsync(db => db.Cases.ExecuteUpdateAsync(c => c.SetProperty(x => x.Status, nameof(CaseStatus.TicketPending)).SetProperty(x => x.TicketClaim, TicketClaim.InFlight)));

        using var response = await SendAsync(HttpMethod.Delete, location);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter?.Delta);
        Assert.Null(await _host.QueryAsync(db => db.Shipments.Select(s => s.CancelledAt).SingleAsync()));
    }

    [Fact]
    public async Task Save_TrackingBatchThatReadTheShipmentBeforeTheCancel_SavesNothingOverIt()
    {
        var location = await RegisterAsync("ONTIME1");
        await using var stale = await _host.Services.GetRequiredService<IDbContextFactory<RecoveryDbContext>>().CreateDbContextAsync();
        var read = await stale.Shipments.SingleAsync();

        using var response = await SendAsync(HttpMethod.Delete, location);
        read.NextCheckAt = Start.AddHours(1);   // what a batch that read it before would write

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => stale.SaveChangesAsync());
        Assert.Null(await _host.QueryAsync(db => db.Shipments.Select(s => s.NextCheckAt).SingleAsync()));
    }

    [Fact]
    public async Task Patch_AfterTheCancel_Returns409()
    {
        var location = await RegisterAsync("ONTIME1");
        using var cancel = await SendAsync(HttpMethod.Delete, location);

        using var response = await SendAsync(HttpMethod.Patch, location, new { service = "two_day" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }
}
