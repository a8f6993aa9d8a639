using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Effects;
using RecoveryWorker.Storage;
using RecoveryWorker.Tests.Support;
using static RecoveryWorker.Tests.Support.Parcels;

namespace RecoveryWorker.Tests.Effects;

/// <summary>Remedies:Issuer=Shopify: the shipping refund is issued at the store, once per case, before the apology announces it.</summary>
public sealed class ShopifyRefundTests : IDisposable
{
    private readonly WorkerFolder _folder = new();
    private readonly FakeShopifyRefunds _store = new();

    /// <summary>An hour-late parcel of order #1001: a minor late breach, whose remedy is its 9.95 USD shipping back.</summary>
    private async Task<WorkerHost> LateOrderAsync()
    {
        _folder.WriteTracking(new Dictionary<string, object> { ["LATE"] = Parcel("Ground", Scan(Start.AddDays(-1), "PickedUp"), Scan(Start.AddHours(-2), "InTransit")) });
        var host = new WorkerHost(_folder, new FakeTimeProvider(Start), _store.Settings);
        await host.PostShipmentAsync(Request("LATE", Start.AddMinutes(-30), orderId: FakeShopifyRefunds.OrderName));
        await host.SweepAsync();
        return host;
    }

    private static Task<LocalTicketRecord> TicketAsync(WorkerHost host) =>
        host.QueryAsync(db => db.LocalTickets.Include(t => t.Comments).SingleAsync());

    [Fact]
    public async Task Refund_StoreConnected_IssuedOnceBeforeTheApologyThatSaysItIsDone()
    {
        await using var host = await LateOrderAsync();

        await host.RunEnqueuedAsync();

        var refund = Assert.Single(_store.Refunds);
        var caseKey = await host.QueryAsync(db => db.Cases.Select(c => c.Key).SingleAsync());
        Assert.Contains(caseKey, refund["note"]!.GetValue<string>(), StringComparison.Ordinal);
        var asked = Assert.Single(_store.CreateRequests)["refund"]!;
        Assert.Equal("9.95", asked["shipping"]!["amount"]!.GetValue<string>());
        Assert.True(asked["notify"]!.GetValue<bool>());
        Assert.Equal(FakeShopifyRefunds.ParentTransactionId, asked["transactions"]![0]!["parent_id"]!.GetValue<long>());
        Assert.Equal("refund", asked["transactions"]![0]!["kind"]!.GetValue<string>());
        Assert.Equal("bogus", asked["transactions"]![0]!["gateway"]!.GetValue<string>());
        var entry = await host.QueryAsync(db => db.Compensations.SingleAsync());
        Assert.Equal(CompensationStatuses.Granted, entry.Status);
        Assert.Equal("shopify:refund:" + refund["id"]!.GetValue<long>(), entry.IssuerRef);
        Assert.Equal("shopify", entry.GrantedBy);
        var ticket = await TicketAsync(host);
        Assert.True(ticket.BodyIsPublic);
        Assert.Contains("we have refunded your shipping cost of 9.95 USD", ticket.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("arranging", ticket.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refund_AnswerLostMidCallThenRetried_OneRefundAndTheApologyOnlyAfterIt()
    {
        await using var host = await LateOrderAsync();
        _store.LoseCreateAnswers = 1; // the store refunds, and the worker never hears so (a crash or a timeout)

        await Assert.ThrowsAsync<RemedyIssueFailedException>(() => host.RunEnqueuedAsync());

        Assert.Single(_store.Refunds);
        Assert.Empty(await host.QueryAsync(db => db.LocalTickets.ToListAsync())); // no apology while the refund is in doubt
        var pending = await host.QueryAsync(db => db.Compensations.SingleAsync());
        Assert.Equal((CompensationStatuses.Proposed, RemedyIssuing.Intent), (pending.Status, pending.IssuerRef));

        var caseId = await host.QueryAsync(db => db.Cases.Select(c => c.Id).SingleAsync());
        var delivery = host.Services.GetRequiredService<EffectDelivery>();
        await delivery.DeliverAsync(caseId, CancellationToken.None); // Hangfire's retry
        await delivery.DeliverAsync(caseId, CancellationToken.None); // and a duplicate of it
        await host.Services.GetRequiredService<RemedyIssuing>().IssueAsync(caseId, CancellationToken.None);

        Assert.Single(_store.Refunds);
        Assert.Single(_store.CreateRequests); // the retry found the refund by its note instead of asking again
        var entry = await host.QueryAsync(db => db.Compensations.SingleAsync());
        Assert.Equal(CompensationStatuses.Granted, entry.Status);
        Assert.Equal("shopify:refund:" + _store.Refunds[0]["id"]!.GetValue<long>(), entry.IssuerRef);
        Assert.Contains("we have refunded", (await TicketAsync(host)).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refund_StoreRefuses_TheApologySaysItIsPendingAndTheAgentGetsTheTask()
    {
        await using var host = await LateOrderAsync();
        _store.RefuseCreates = true;

        await host.RunEnqueuedAsync();

        Assert.Empty(_store.Refunds);
        var ticket = await TicketAsync(host);
        Assert.Contains("our team is arranging the refund", ticket.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("we have refunded", ticket.Body, StringComparison.Ordinal);
        Assert.Contains(ticket.Comments, c => !c.Public && c.Body.Contains("to do: issue it", StringComparison.Ordinal));
        var entry = await host.QueryAsync(db => db.Compensations.SingleAsync());
        Assert.Equal(CompensationStatuses.Offered, entry.Status); // named in the apology, not issued: the agent marks it granted
        Assert.Null(entry.GrantedAt);
    }

    public void Dispose()
    {
        _store.Dispose();
        _folder.Dispose();
    }
}
