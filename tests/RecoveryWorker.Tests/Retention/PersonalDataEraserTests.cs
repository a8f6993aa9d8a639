using Microsoft.EntityFrameworkCore;
using RecoveryWorker.Retention;
using RecoveryWorker.Tests.Support;
using static RecoveryWorker.Tests.Retention.RetentionScenario;

namespace RecoveryWorker.Tests.Retention;

/// <summary>The daily retention run against the real service (SQLite store, local helpdesk, fake clock).</summary>
public sealed class PersonalDataEraserTests : IDisposable
{
    private readonly WorkerFolder _folder = new();

    [Fact]
    public async Task EraseExpiredAsync_Day89AfterDelivery_KeepsTheCustomer()
    {
        await using var host = await StartAsync(_folder);
        host.Time.SetUtcNow(DeliveredAt.AddDays(89));

        var counts = await RunRetentionAsync(host);

        Assert.Equal(0, counts.Total);
        await AssertStoredAsync(host, Ada, AdaName, AdaEmail);
        Assert.Equal((AdaName, AdaEmail, "11201"), await host.QueryAsync(db => db.Shipments.Where(s => s.CustomerId == Ada).Select(s => ValueTuple.Create(s.CustomerName, s.CustomerEmail, s.DestinationPostalCode)).SingleAsync()));
    }

    [Fact]
    public async Task EraseExpiredAsync_Day91AfterDelivery_ErasesShipmentCaseAndLocalTicketButKeepsIdsAndLedger()
    {
        await using var host = await StartAsync(_folder);
        await AssertStoredAsync(host, Ada, AdaName, AdaEmail);
        var ledgerBefore = await host.QueryAsync(db => db.Compensations.CountAsync());
        host.Time.SetUtcNow(DeliveredAt.AddDays(91));

        var counts = await RunRetentionAsync(host);

        Assert.Equal(0, await PersonalDataLeftAsync(host, Ada, AdaName, AdaEmail));
        Assert.Equal((1, 1, 1), (counts.Shipments, counts.Cases, counts.LocalTickets));
        Assert.True(counts.LocalTicketComments >= 2, $"{counts.LocalTicketComments} comments");
        Assert.True(counts.HelpdeskWrites >= 1, $"{counts.HelpdeskWrites} writes");
        var shipment = await host.QueryAsync(db => db.Shipments.SingleAsync(s => s.CustomerId == Ada));
        Assert.Equal(("", ""), (shipment.CustomerName, shipment.CustomerEmail));
        Assert.Equal(("US", "NY", null), (shipment.DestinationCountry, shipment.DestinationRegion, shipment.DestinationPostalCode)); // the lane stays
        Assert.Equal(host.Time.GetUtcNow(), shipment.PersonalDataErasedAt);
        var @case = await host.QueryAsync(db => db.Cases.SingleAsync(c => c.CustomerId == Ada));
        Assert.NotNull(@case.PersonalDataErasedAt);
        Assert.Equal("Resolved", @case.Status);
        var ticket = await host.QueryAsync(db => db.LocalTickets.Include(t => t.Comments).SingleAsync(t => t.ExternalId == @case.Key));
        Assert.Equal(("", "", PersonalDataEraser.Marker), (ticket.RequesterName, ticket.RequesterEmail, ticket.Body));
        Assert.All(ticket.Comments, c => Assert.Equal(PersonalDataEraser.Marker, c.Body));
        Assert.Equal(ledgerBefore, await host.QueryAsync(db => db.Compensations.CountAsync()));
        // Bob's case is open and his parcel still travelling: nothing of his is touched.
        await AssertStoredAsync(host, Bob, BobName, BobEmail);
        Assert.Null(await host.QueryAsync(db => db.Shipments.Where(s => s.CustomerId == Bob).Select(s => s.PersonalDataErasedAt).SingleAsync()));
        // The API still shows the shipment, its case and the ticket.
        Assert.Single((await host.GetAsync($"/api/shipments/{shipment.Id}"))["cases"]!.AsArray());
        Assert.Equal(2, (await host.GetArrayAsync("/api/tickets")).Count);
    }

    [Theory]
    [InlineData(89, false)]
    [InlineData(91, true)]
    public async Task EraseExpiredAsync_CancelledOrder_ErasedOnlyOnceTheRetentionHasPassedSinceTheCancel(int days, bool erased)
    {
        await using var host = await StartAsync(_folder, resolveAda: false);
        var bob = await host.QueryAsync(db => db.Shipments.Where(s => s.CustomerId == Bob).Select(s => s.Id).SingleAsync());
        var cancelledAt = host.Time.GetUtcNow();
        using (var client = host.CreateClient())
        {
            using var cancel = await client.DeleteAsync($"/api/shipments/{bob}");
            Assert.Equal(System.Net.HttpStatusCode.OK, cancel.StatusCode);
        }

        host.Time.SetUtcNow(cancelledAt.AddDays(days));
        await RunRetentionAsync(host);

        Assert.Equal(erased, await PersonalDataLeftAsync(host, Bob, BobName, BobEmail) == 0);
        await AssertStoredAsync(host, Ada, AdaName, AdaEmail);   // her case is still open
    }

    [Fact]
    public async Task EraseExpiredAsync_OpenCase_IsNotErasedHoweverOld()
    {
        await using var host = await StartAsync(_folder, resolveAda: false);
        host.Time.SetUtcNow(DeliveredAt.AddDays(400));

        var counts = await RunRetentionAsync(host);

        Assert.Equal(0, counts.Total);
        await AssertStoredAsync(host, Ada, AdaName, AdaEmail);
        await AssertStoredAsync(host, Bob, BobName, BobEmail);
    }

    [Fact]
    public async Task EraseExpiredAsync_RunTwice_SecondRunChangesNothing()
    {
        await using var host = await StartAsync(_folder);
        host.Time.SetUtcNow(DeliveredAt.AddDays(91));
        var first = await RunRetentionAsync(host);
        var erasedAt = await host.QueryAsync(db => db.Shipments.Where(s => s.CustomerId == Ada).Select(s => s.PersonalDataErasedAt).SingleAsync());
        host.Time.Advance(TimeSpan.FromDays(1));

        var second = await RunRetentionAsync(host);

        Assert.True(first.Total > 0);
        Assert.Equal(new ErasureCounts(0, 0, 0, 0, 0), second);
        Assert.Equal(erasedAt, await host.QueryAsync(db => db.Shipments.Where(s => s.CustomerId == Ada).Select(s => s.PersonalDataErasedAt).SingleAsync()));
    }

    [Fact]
    public async Task EraseExpiredAsync_BatchesOfOneRow_ErasesEveryRowAndCountsEachOnce()
    {
        await using var host = await StartAsync(_folder, new Dictionary<string, string?> { ["Retention:BatchSize"] = "1" });
        var comments = await host.QueryAsync(db => db.LocalTicketComments.CountAsync(c => db.LocalTickets.Any(t => t.Id == c.TicketId && db.Cases.Any(k => k.Key == t.ExternalId && k.CustomerId == Ada))));
        host.Time.SetUtcNow(DeliveredAt.AddDays(91));

        var counts = await RunRetentionAsync(host);

        Assert.True(comments >= 2);
        Assert.Equal(comments, counts.LocalTicketComments);
        Assert.Equal(0, await PersonalDataLeftAsync(host, Ada, AdaName, AdaEmail));
    }

    public void Dispose() => _folder.Dispose();
}
