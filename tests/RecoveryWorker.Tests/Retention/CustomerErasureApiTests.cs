using System.Net;
using Microsoft.EntityFrameworkCore;
using RecoveryWorker.Access;
using RecoveryWorker.Retention;
using RecoveryWorker.Storage;
using RecoveryWorker.Tests.Support;
using static RecoveryWorker.Tests.Retention.RetentionScenario;

namespace RecoveryWorker.Tests.Retention;

/// <summary><c>DELETE /api/customers/{id}</c> on the real service, and the engine afterwards.</summary>
public sealed class CustomerErasureApiTests : IDisposable
{
    private static readonly string[] Tables = ["shipments", "cases", "helpdeskWrites", "localTickets", "localTicketComments"];

    private readonly WorkerFolder _folder = new();

    [Fact]
    public async Task Delete_OneCustomer_ErasesOnlyThatCustomerAndReportsCountsPerTable()
    {
        await using var host = await StartAsync(_folder);
        var comments = await host.QueryAsync(db => db.LocalTicketComments.CountAsync(c => db.LocalTickets.Any(t => t.Id == c.TicketId && db.Cases.Any(k => k.Key == t.ExternalId && k.CustomerId == Bob))));
        var writes = await host.QueryAsync(db => db.OwedEffects.CountAsync(e => e.Body != null && db.Cases.Any(c => c.Id == e.CaseId && c.CustomerId == Bob)));

        var (response, body) = await EraseAsync(host, Bob);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Bob, body!["customerId"]!.GetValue<string>());
        Assert.Equal((1, 1, 1), (Erased(body, "shipments"), Erased(body, "cases"), Erased(body, "localTickets")));
        Assert.Equal((comments, writes), (Erased(body, "localTicketComments"), Erased(body, "helpdeskWrites")));
        Assert.True(comments >= 3 && writes >= 1, $"{comments} comments, {writes} writes");
        Assert.Equal(0, await PersonalDataLeftAsync(host, Bob, BobName, BobEmail));
        await AssertStoredAsync(host, Ada, AdaName, AdaEmail);
        Assert.Equal(Bob, await host.QueryAsync(db => db.Cases.Where(c => c.CustomerId == Bob).Select(c => c.CustomerId).SingleAsync()));
    }

    [Fact]
    public async Task Delete_AgainOrUnknownCustomer_Returns200WithZeroCounts()
    {
        await using var host = await StartAsync(_folder, resolveAda: false);
        await EraseAsync(host, Ada);

        var (again, againBody) = await EraseAsync(host, Ada);
        var (unknown, unknownBody) = await EraseAsync(host, "cust-never-seen");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (again.StatusCode, unknown.StatusCode));
        foreach (var body in new[] { againBody!, unknownBody! })
        {
            Assert.All(Tables, table => Assert.Equal(0, Erased(body, table)));
        }

        await AssertStoredAsync(host, Bob, BobName, BobEmail);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Delete_IdWithSlashes_ErasesThatCustomer(bool escaped)
    {
        const string shopifyId = "gid://shopify/Customer/42";
        Track(_folder, adaDelivered: false);
        await using var host = new WorkerHost(_folder, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Deadline.AddDays(-1)));
        await host.PostShipmentAsync(RequestFor("ADA1", shopifyId, AdaName, AdaEmail));
        using var client = host.CreateClient();

        using var response = await client.DeleteAsync("/api/customers/" + (escaped ? Uri.EscapeDataString(shopifyId) : shopifyId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal((shopifyId, 1), (body["customerId"]!.GetValue<string>(), Erased(body, "shipments")));
        Assert.Equal(0, await PersonalDataLeftAsync(host, shopifyId, AdaName, AdaEmail));
    }

    [Fact]
    public async Task Delete_KeyWithoutCustomersErase_Returns403AndErasesNothing()
    {
        await using var host = await StartAsync(_folder, resolveAda: false);

        foreach (var scope in Scopes.All.Where(s => s != Scopes.CustomersErase))
        {
            var (response, body) = await EraseAsync(host, Ada, TestAccess.OnlyKey(scope));

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains($"lacks the scope '{Scopes.CustomersErase}'", body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        var (allowed, _) = await EraseAsync(host, "cust-never-seen", TestAccess.OnlyKey(Scopes.CustomersErase));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        await AssertStoredAsync(host, Ada, AdaName, AdaEmail);
    }

    [Fact]
    public async Task Delete_OpenCaseWithTicket_FollowUpsKeepWritingWithoutTheName()
    {
        await using var host = await StartAsync(_folder, resolveAda: false);
        await EraseAsync(host, Bob);

        // Bob's follow-ups run as booked: an update at 4 h, then at 1 d and 3 d (and the escalation they bring).
        foreach (var step in new[] { TimeSpan.FromHours(4), TimeSpan.FromDays(1), TimeSpan.FromDays(3) })
        {
            host.Time.Advance(step);
            await host.RunDueScheduledAsync();
        }

        var @case = await host.QueryAsync(db => db.Cases.Include(c => c.FollowUps).Include(c => c.OwedEffects).SingleAsync(c => c.CustomerId == Bob));
        Assert.All(@case.FollowUps, f => Assert.NotNull(f.DoneAt));
        var sentAfter = @case.OwedEffects.Where(e => e.Body is not null).ToList();
        Assert.NotEmpty(sentAfter);
        Assert.All(sentAfter, e => Assert.Equal(OwedEffectStates.Delivered, e.State));
        var ticket = await host.QueryAsync(db => db.LocalTickets.Include(t => t.Comments).SingleAsync(t => t.ExternalId == @case.Key));
        var update = ticket.Comments.Where(c => c.Public && c.Body != PersonalDataEraser.Marker).Select(c => c.Body).First();
        Assert.StartsWith("Hello,", update.Split('\n').First(l => l.StartsWith("Hello", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains(ticket.Comments, c => !c.Public && c.Body.Contains("Customer: (erased)", StringComparison.Ordinal));
        Assert.Equal(0, await PersonalDataLeftAsync(host, Bob, BobName, BobEmail));
        Assert.DoesNotContain(host.AllJobs(), j => j.State == "Failed");
        // Ada's case, untouched, is followed up as before.
        Assert.All(await host.QueryAsync(db => db.FollowUps.Where(f => db.Cases.Any(c => c.Id == f.CaseId && c.CustomerId == Ada)).ToListAsync()), f => Assert.NotNull(f.DoneAt));
    }

    [Fact]
    public async Task Delete_BeforeTheTicketIsOpened_OpensNoTicketAndNoJobFails()
    {
        Track(_folder, adaDelivered: false);
        await using var host = new WorkerHost(_folder, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Deadline.AddMinutes(5)));
        await host.PostShipmentAsync(RequestFor("ADA1", Ada, AdaName, AdaEmail));
        await host.SweepAsync();
        await host.RunEnqueuedAsync(max: 1); // the tracking batch: the case exists and owes its ticket; the delivery job waits
        Assert.Equal(1, await host.QueryAsync(db => db.OwedEffects.CountAsync(e => e.State == OwedEffectStates.Pending)));

        var (response, _) = await EraseAsync(host, Ada);
        await host.RunEnqueuedAsync();
        host.Time.Advance(TimeSpan.FromHours(4));
        await host.SweepAndRunAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, await host.QueryAsync(db => db.LocalTickets.CountAsync()));
        var open = await host.QueryAsync(db => db.OwedEffects.SingleAsync(e => e.Kind == OwedEffectKinds.OpenTicket));
        Assert.Equal(OwedEffectStates.Rejected, open.State);
        Assert.Contains("personal data was erased", open.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(host.AllJobs(), j => j.State == "Failed");
        Assert.Equal(0, await PersonalDataLeftAsync(host, Ada, AdaName, AdaEmail));
    }

    public void Dispose() => _folder.Dispose();
}
