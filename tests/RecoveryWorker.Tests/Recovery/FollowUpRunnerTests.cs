using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Tests.Support;
using static RecoveryWorker.Tests.Support.Parcels;

namespace RecoveryWorker.Tests.Recovery;

public sealed class FollowUpRunnerTests : IDisposable
{
    private static readonly DateTimeOffset Deadline = Start.AddHours(1);
    private readonly WorkerFolder _folder = new();

    private void Track(params object[] extraScans) => _folder.WriteTracking(new Dictionary<string, object>
    {
        ["LATE"] = Parcel("Ground", [Scan(Start.AddDays(-1), "PickedUp", "Atlanta, GA"), Scan(Start.AddHours(-2), "InTransit", "Newark, NJ"), .. extraScans]),
    });

    /// <summary>A late shipment with its ticket open and three follow-ups (4 h, 1 d, 3 d) booked.</summary>
    private async Task<WorkerHost> LateWithTicketAsync(string? customerId = null, Dictionary<string, string?>? settings = null)
    {
        Track();
        var host = new WorkerHost(_folder, new FakeTimeProvider(Deadline.AddMinutes(5)), settings);
        await host.PostShipmentAsync(Request("LATE", Deadline, customerId: customerId ?? ""));
        await host.SweepAndRunAsync();
        Assert.Equal(3, await host.QueryAsync(db => db.FollowUps.CountAsync()));
        return host;
    }

    private static async Task<(string Status, List<string?> Outcomes)> CaseAsync(WorkerHost host) =>
        await host.QueryAsync(async db =>
        {
            var @case = await db.Cases.Include(c => c.FollowUps).SingleAsync();
            return (@case.Status, @case.FollowUps.OrderBy(f => f.Sequence).Select(f => f.Outcome).ToList());
        });

    [Fact]
    public async Task RunAsync_AfterDelivery_PostsArrivalReplyAndResolvesTheCase()
    {
        await using var host = await LateWithTicketAsync();
        Track(Scan(Deadline.AddHours(2), "Delivered", "Brooklyn, NY"));

        host.Time.Advance(TimeSpan.FromHours(4)); // the first follow-up is due; no sweep ran in between
        await host.RunDueScheduledAsync();

        var (status, outcomes) = await CaseAsync(host);
        Assert.Equal("Resolved", status);
        Assert.StartsWith("delivered", outcomes[0], StringComparison.Ordinal);
        Assert.All(outcomes.Skip(1), o => Assert.StartsWith("not needed", o, StringComparison.Ordinal));
        var ticket = Assert.Single(await host.GetArrayAsync("/api/tickets"));
        var publicReplies = ticket!["comments"]!.AsArray().Where(c => c!["public"]!.GetValue<bool>()).Select(c => c!["body"]!.GetValue<string>()).ToList();
        Assert.Equal(2, publicReplies.Count); // the apology, then the arrival
        Assert.Contains("has arrived", publicReplies[1], StringComparison.Ordinal);
        Assert.Contains("Brooklyn, NY", publicReplies[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "solved")]
    [InlineData("false", "open")]
    public async Task RunAsync_AfterDelivery_SetsTheTicketSolvedUnlessSwitchedOff(string? solveOnArrival, string expected)
    {
        await using var host = await LateWithTicketAsync(settings: solveOnArrival is null ? null : new() { ["Tickets:SolveOnArrival"] = solveOnArrival });
        Track(Scan(Deadline.AddHours(2), "Delivered", "Brooklyn, NY"));

        host.Time.Advance(TimeSpan.FromHours(4));
        await host.RunDueScheduledAsync();

        var ticket = Assert.Single(await host.GetArrayAsync("/api/tickets"));
        Assert.Equal(expected, ticket!["status"]!.GetValue<string>());
        Assert.Equal("Resolved", (await CaseAsync(host)).Status);
    }

    [Fact]
    public async Task RunAsync_StillLate_SendsUpdateAndEscalatesAfterTheLastFollowUp()
    {
        await using var host = await LateWithTicketAsync();

        host.Time.Advance(TimeSpan.FromHours(4));
        await host.RunDueScheduledAsync();
        var afterFirst = await CaseAsync(host);
        host.Time.Advance(TimeSpan.FromDays(3));
        await host.RunDueScheduledAsync();

        Assert.Equal("FollowingUp", afterFirst.Status);
        var (status, outcomes) = await CaseAsync(host);
        Assert.Equal("Escalated", status);
        Assert.Equal(["still late: update sent", "still late: update sent", "still late: update sent, escalated"], outcomes);
        var ticket = Assert.Single(await host.GetArrayAsync("/api/tickets"));
        Assert.Equal("urgent", ticket!["priority"]!.GetValue<string>());
        Assert.Equal("Supervisors", ticket["group"]!.GetValue<string>());
        Assert.Contains("promise-escalated", ticket["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task RunAsync_SameFollowUpTwice_DoesItsWorkOnce()
    {
        await using var host = await LateWithTicketAsync();
        host.Time.Advance(TimeSpan.FromHours(4));
        var followUpId = await host.QueryAsync(db => db.FollowUps.OrderBy(f => f.Sequence).Select(f => f.Id).FirstAsync());
        var runner = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<RecoveryWorker.Recovery.FollowUpRunner>(host.Services);

        await runner.RunAsync(followUpId, CancellationToken.None);
        var comments = (await host.GetArrayAsync("/api/tickets"))[0]!["comments"]!.AsArray().Count;
        await runner.RunAsync(followUpId, CancellationToken.None);

        Assert.Equal(comments, (await host.GetArrayAsync("/api/tickets"))[0]!["comments"]!.AsArray().Count);
    }

    [Fact]
    public async Task RunAsync_TicketSolvedWhileStillLate_ReopensItWithANoteAndSendsTheUpdate()
    {
        await using var host = await LateWithTicketAsync();
        await host.QueryAsync(db => db.LocalTickets.ExecuteUpdateAsync(t => t.SetProperty(x => x.Status, "Solved")));

        host.Time.Advance(TimeSpan.FromHours(4));
        await host.RunDueScheduledAsync();

        var (status, outcomes) = await CaseAsync(host);
        Assert.Equal("FollowingUp", status);
        Assert.Equal("still late: update sent (ticket was Solved: reopened with a note)", outcomes[0]);
        var ticket = Assert.Single(await host.GetArrayAsync("/api/tickets"));
        Assert.Equal("open", ticket!["status"]!.GetValue<string>());
        var notes = ticket["comments"]!.AsArray().Where(c => !c!["public"]!.GetValue<bool>()).Select(c => c!["body"]!.GetValue<string>()).ToList();
        Assert.Single(notes, n => n.StartsWith("Reopened by RecoveryWorker: this ticket was Solved but the parcel is still not delivered (late)", StringComparison.Ordinal));
        var replies = ticket["comments"]!.AsArray().Count(c => c!["public"]!.GetValue<bool>());
        Assert.Equal(2, replies); // the apology, then the update: the customer is not left with a solved ticket
    }

    public void Dispose() => _folder.Dispose();
}
