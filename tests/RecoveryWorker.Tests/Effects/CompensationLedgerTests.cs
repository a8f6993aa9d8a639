using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Effects;
using RecoveryWorker.Storage;
using RecoveryWorker.Tests.Support;
using static RecoveryWorker.Tests.Support.Parcels;

namespace RecoveryWorker.Tests.Effects;

/// <summary>The ledger's steps end to end with the local helpdesk: proposed with the case, offered once the apology is out.</summary>
public sealed class CompensationLedgerTests : IDisposable
{
    private readonly WorkerFolder _folder = new();

    [Fact]
    public async Task Ledger_SendMode_ProposedWithTheCaseOfferedOnlyWhenTheApologyIsSent()
    {
        _folder.WriteTracking(new Dictionary<string, object> { ["LATE"] = Parcel("Ground", Scan(Start.AddDays(-1), "PickedUp"), Scan(Start.AddHours(-2), "InTransit")) });
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(Start));
        await host.PostShipmentAsync(Request("LATE", Start.AddMinutes(-30)));
        await host.SweepAsync();
        await host.RunEnqueuedAsync(max: 1); // the batch: the case and its proposed remedy, saved together

        var proposed = Assert.Single(await host.QueryAsync(db => db.Compensations.ToListAsync()));
        Assert.Equal(CompensationStatuses.Proposed, proposed.Status);
        Assert.Null(proposed.OfferedAt);
        Assert.Equal("late", proposed.BreachType);
        Assert.Equal("sandbox", proposed.Carrier, ignoreCase: true);
        Assert.Empty(await host.GetArrayAsync("/api/tickets")); // nothing was sent, so nothing is offered

        host.Time.Advance(TimeSpan.FromMinutes(1));
        await host.RunEnqueuedAsync(); // the delivery job sends the apology
        var caseId = await host.QueryAsync(db => db.Cases.Select(c => c.Id).SingleAsync());
        var opener = host.Services.GetRequiredService<TicketOpener>();
        await opener.OpenAsync(caseId, CancellationToken.None); // a retried job after success
        await opener.OpenAsync(caseId, CancellationToken.None);

        Assert.Single(await host.GetArrayAsync("/api/tickets"));
        var offered = Assert.Single(await host.QueryAsync(db => db.Compensations.ToListAsync()));
        Assert.Equal(proposed.Id, offered.Id);
        Assert.Equal(CompensationStatuses.Offered, offered.Status);
        Assert.Equal(host.Time.GetUtcNow(), offered.OfferedAt);
        Assert.Equal(CompensationLedger.Worker, offered.OfferedBy);
        Assert.Null(offered.GrantedAt);
    }

    [Fact]
    public async Task Ledger_ZendeskDownThenRetried_NotOfferedUntilTheApologyIsSentAndNeverDuplicated()
    {
        using var zendesk = new FakeZendesk { Down = true };
        _folder.WriteTracking(new Dictionary<string, object> { ["LATE"] = Parcel("Ground", Scan(Start.AddDays(-1), "PickedUp"), Scan(Start.AddHours(-2), "InTransit")) });
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(Start), zendesk.Settings());
        await host.PostShipmentAsync(Request("LATE", Start.AddMinutes(-30)));
        await host.SweepAsync();

        Assert.Equal(1, await host.RunEnqueuedConcurrentlyAsync(parallelism: 2)); // the delivery fails: Zendesk is down
        Assert.Equal(CompensationStatuses.Proposed, await host.QueryAsync(db => db.Compensations.Select(c => c.Status).SingleAsync()));

        zendesk.Down = false;
        var caseId = await host.QueryAsync(db => db.Cases.Select(c => c.Id).SingleAsync());
        host.Time.Advance(TimeSpan.FromMinutes(10)); // past the in-flight lease and Zendesk's lookup delay
        var delivery = host.Services.GetRequiredService<EffectDelivery>();
        await delivery.DeliverAsync(caseId, CancellationToken.None); // Hangfire's retry
        await delivery.DeliverAsync(caseId, CancellationToken.None); // and a duplicate

        Assert.Single(zendesk.Tickets);
        var offered = Assert.Single(await host.QueryAsync(db => db.Compensations.ToListAsync()));
        Assert.Equal(CompensationStatuses.Offered, offered.Status);
        Assert.Equal(host.Time.GetUtcNow(), offered.OfferedAt);
    }

    [Fact]
    public async Task Ledger_DraftModeLocalHelpdesk_StaysProposedUntilTheAgentTagsTheApologySent()
    {
        _folder.WriteTracking(new Dictionary<string, object> { ["LATE"] = Parcel("Ground", Scan(Start.AddDays(-1), "PickedUp"), Scan(Start.AddHours(-2), "InTransit")) });
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(Start), new() { ["Tickets:Mode"] = "Draft" });
        await host.PostShipmentAsync(Request("LATE", Start.AddMinutes(-30)));
        await host.SweepAsync();
        await host.RunEnqueuedAsync(); // the case, its ticket (a draft for the agent)
        Assert.Single(await host.GetArrayAsync("/api/tickets"));
        host.Time.Advance(TimeSpan.FromHours(4));
        await host.RunDueScheduledAsync(); // the first follow-up: no tag yet

        Assert.Equal(CompensationStatuses.Proposed, await host.QueryAsync(db => db.Compensations.Select(c => c.Status).SingleAsync()));

        await host.QueryAsync(db => db.LocalTickets.ExecuteUpdateAsync(s => s.SetProperty(t => t.Tags, t => t.Tags + " apology-sent")));
        host.Time.Advance(TimeSpan.FromDays(1));
        await host.RunDueScheduledAsync(); // the second follow-up sees the tag
        await host.RunDueScheduledAsync(); // a retried follow-up changes nothing

        var offered = Assert.Single(await host.QueryAsync(db => db.Compensations.ToListAsync()));
        Assert.Equal(CompensationStatuses.Offered, offered.Status);
        Assert.Equal("agent (tag apology-sent)", offered.OfferedBy);
        Assert.Equal(host.Time.GetUtcNow(), offered.OfferedAt);
    }

    [Fact]
    public async Task Ledger_DraftModeZendesk_OfferedOnlyOnceTheAgentTaggedTheTicket()
    {
        using var zendesk = new FakeZendesk();
        _folder.WriteTracking(new Dictionary<string, object> { ["LATE"] = Parcel("Ground", Scan(Start.AddDays(-1), "PickedUp"), Scan(Start.AddHours(-2), "InTransit")) });
        var settings = zendesk.Settings();
        settings["Tickets:Mode"] = "Draft";
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(Start), settings);
        await host.PostShipmentAsync(Request("LATE", Start.AddMinutes(-30)));
        await host.SweepAsync();
        await host.RunEnqueuedAsync();
        var ticket = Assert.Single(zendesk.Tickets);
        Assert.All(zendesk.Comments(ticket["id"]!.GetValue<long>()), c => Assert.False(c.Public)); // a draft: the customer has nothing yet
        host.Time.Advance(TimeSpan.FromHours(4));
        await host.RunDueScheduledAsync();
        Assert.Equal(CompensationStatuses.Proposed, await host.QueryAsync(db => db.Compensations.Select(c => c.Status).SingleAsync()));

        zendesk.AgentTags(ticket["id"]!.GetValue<long>(), "apology-sent");
        host.Time.Advance(TimeSpan.FromDays(1));
        await host.RunDueScheduledAsync();

        var offered = Assert.Single(await host.QueryAsync(db => db.Compensations.ToListAsync()));
        Assert.Equal(CompensationStatuses.Offered, offered.Status);
        Assert.Equal("agent (tag apology-sent)", offered.OfferedBy);
    }

    [Fact]
    public async Task Budget_DailyBudgetSpent_TheNextCaseOfTheDayProposesTheFallbackAndSaysSo()
    {
        // Each late parcel's remedy is its 9.95 USD shipping; the day's budget holds two of them, not three.
        _folder.WriteTracking(new Dictionary<string, object>
        {
            ["LATE1"] = Parcel("Ground", Scan(Start.AddDays(-1), "PickedUp"), Scan(Start.AddHours(-2), "InTransit")),
            ["LATE2"] = Parcel("Ground", Scan(Start.AddDays(-1), "PickedUp"), Scan(Start.AddHours(-2), "InTransit")),
            ["LATE3"] = Parcel("Ground", Scan(Start.AddDays(-1), "PickedUp"), Scan(Start.AddHours(-2), "InTransit")),
        });
        await using var host = new WorkerHost(_folder, new FakeTimeProvider(Start), new()
        {
            ["Remedies:Budget:Daily:USD"] = "20",
            ["Remedies:Budget:Monthly:USD"] = "1000",
            ["Remedies:Budget:TimeZone"] = "America/New_York",
        });
        await host.PostShipmentAsync(Request("LATE1", Start.AddMinutes(-30)));
        await host.PostShipmentAsync(Request("LATE2", Start.AddMinutes(-30)));
        await host.SweepAsync();
        await host.RunEnqueuedAsync();
        host.Time.Advance(TimeSpan.FromHours(1));
        await host.PostShipmentAsync(Request("LATE3", Start.AddMinutes(-30)));
        await host.SweepAsync();
        await host.RunEnqueuedAsync();
        await host.RunEnqueuedAsync(); // a retried batch changes nothing

        var cases = await host.QueryAsync(db => db.Cases.OrderBy(c => c.DetectedAt).ToListAsync());
        Assert.Equal(3, cases.Count);
        Assert.Equal(2, await host.QueryAsync(db => db.Compensations.CountAsync()));
        var held = Assert.Single(cases, c => c.RemedyHeldBy is not null);
        Assert.Equal(("daily", "ApologyOnly", 0m), (held.RemedyHeldBy, held.RemedyKind, held.RemedyAmount));
        var ticket = await host.QueryAsync(db => db.LocalTickets.Include(t => t.Comments).SingleAsync(t => t.ExternalId == held.Key));
        Assert.Contains(ticket.Comments, c => !c.Public && c.Body.Contains("daily compensation budget is spent", StringComparison.Ordinal)
            && c.Body.Contains("A person must approve", StringComparison.Ordinal));
        Assert.DoesNotContain("refund", ticket.Body, StringComparison.OrdinalIgnoreCase);

        // The next day (midnight in New York) the budget is fresh again.
        _folder.WriteTracking(new Dictionary<string, object> { ["LATE4"] = Parcel("Ground", Scan(Start.AddDays(-1), "PickedUp"), Scan(Start.AddHours(-2), "InTransit")) });
        host.Time.Advance(TimeSpan.FromDays(1));
        await host.PostShipmentAsync(Request("LATE4", host.Time.GetUtcNow().AddMinutes(-30)));
        await host.SweepAsync();
        await host.RunEnqueuedAsync();
        Assert.Equal(3, await host.QueryAsync(db => db.Compensations.CountAsync()));
    }

    public void Dispose() => _folder.Dispose();
}
