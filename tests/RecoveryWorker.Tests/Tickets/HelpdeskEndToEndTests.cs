using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Tests.Support;
using static RecoveryWorker.Tests.Support.Parcels;

namespace RecoveryWorker.Tests.Tickets;

/// <summary>
/// The whole service against servers that speak the Zendesk and Freshdesk APIs (stateful WireMock fakes at the
/// real paths): only Helpdesk:Provider, BaseUrl and credentials point the worker at them. One broken promise, one
/// ticket, whatever the helpdesk's answers do.
/// </summary>
public sealed class HelpdeskEndToEndTests : IDisposable
{
    private static readonly DateTimeOffset Deadline = Start.AddHours(1);
    private readonly WorkerFolder _folder = new();

    /// <summary>Sandbox parcels that missed <see cref="Deadline"/>: still in transit an hour past it.</summary>
    private void TrackLate(IEnumerable<string> numbers) => _folder.WriteTracking(numbers.ToDictionary(
        n => n,
        n => Parcel("Ground", Scan(Start.AddDays(-1), "PickedUp", "Atlanta, GA"), Scan(Start.AddHours(-2), "InTransit", "Newark, NJ"))));

    private static string[] Numbers(int count) => [.. Enumerable.Range(1, count).Select(i => $"LATE{i:000}")];

    private async Task<WorkerHost> LateShipmentsAsync(Dictionary<string, string?> helpdesk, int count)
    {
        var numbers = Numbers(count);
        TrackLate(numbers);
        var host = new WorkerHost(_folder, new FakeTimeProvider(Deadline.AddMinutes(5)), helpdesk);
        await host.PostShipmentAsync(numbers.Select(n => Request(n, Deadline)).ToArray());
        await host.SweepAsync();
        return host;
    }

    private static Task<List<(string Key, string Status, string? TicketId, string Claim)>> CasesAsync(WorkerHost host) =>
        host.QueryAsync(async db => (await db.Cases.AsNoTracking().ToListAsync()).Select(c => (c.Key, c.Status, c.TicketId, c.TicketClaim.ToString())).ToList());

    [Fact]
    public async Task Zendesk_BreachedShipment_OneTicketCarryingTheCaseKeyAndAFollowUpNoteOnTheSameTicket()
    {
        using var zendesk = new FakeZendesk();
        await using var host = await LateShipmentsAsync(zendesk.Settings(), 1);

        await host.RunEnqueuedAsync();

        var @case = Assert.Single(await CasesAsync(host));
        var ticket = Assert.Single(zendesk.Tickets);
        Assert.Equal(("TicketOpened", "Done"), (@case.Status, @case.Claim));
        Assert.Equal(ticket["id"]!.ToString(), @case.TicketId);
        Assert.Equal(@case.Key, ticket["external_id"]!.GetValue<string>());
        var headers = Assert.Single(zendesk.CreateHeaders);
        Assert.Equal(@case.Key, headers.IdempotencyKey);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("agent@shop.example/token:test-zendesk-token")), headers.Authorization);
        Assert.Contains("late", ticket["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("normal", ticket["priority"]!.GetValue<string>()); // an hour late is a minor breach
        var comments = zendesk.Comments(ticket["id"]!.GetValue<long>());
        Assert.True(comments[0].Public, "Tickets:Mode=Send makes the apology the public first comment");
        Assert.Contains("Ada", comments[0].Body, StringComparison.Ordinal);
        Assert.Contains(comments, c => !c.Public); // the internal note with the facts and the remedy

        host.Time.Advance(TimeSpan.FromHours(4)); // the first follow-up is due
        await host.RunDueScheduledAsync();

        Assert.Single(zendesk.Tickets);
        var after = zendesk.Comments(ticket["id"]!.GetValue<long>());
        Assert.True(after.Count > comments.Count, "the follow-up wrote on the same ticket");
        Assert.Contains(after.Skip(comments.Count), c => !c.Public);
        Assert.Equal("FollowingUp", Assert.Single(await CasesAsync(host)).Status);
    }

    [Fact]
    public async Task Zendesk_FiftyCreatesAnsweredAfterTheTimeout_TicketCountEqualsCaseCount()
    {
        using var zendesk = new FakeZendesk { CreateAnswerDelay = TimeSpan.FromSeconds(1.5) };
        await using var host = await LateShipmentsAsync(zendesk.Settings(timeout: TimeSpan.FromSeconds(0.5)), 50);

        var failed = await host.RunEnqueuedConcurrentlyAsync(parallelism: 10);
        var afterTimeouts = await CasesAsync(host);
        zendesk.CreateAnswerDelay = TimeSpan.Zero; // the slowness is over; Hangfire's retries run
        var retryFailures = await host.RunScheduledNowAsync("OpenTicketJob", parallelism: 10);

        var cases = await CasesAsync(host);
        Assert.Equal(50, failed);
        Assert.All(afterTimeouts, c => Assert.Equal("Unknown", c.Claim));
        Assert.Equal(0, retryFailures);
        Assert.Equal(50, cases.Count);
        Assert.Equal(cases.Count, zendesk.Tickets.Count);
        Assert.Equal(zendesk.Tickets.Count, zendesk.CreateRequests); // found tickets were adopted, never created again
        Assert.Equal(50, zendesk.Tickets.Select(t => t["external_id"]!.GetValue<string>()).Distinct().Count());
        Assert.All(cases, c => Assert.Equal(("TicketOpened", "Done"), (c.Status, c.Claim)));
        Assert.Equal(
            cases.Select(c => c.TicketId).Order(StringComparer.Ordinal),
            zendesk.Tickets.Select(t => t["id"]!.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(50, await host.QueryAsync(db => db.Compensations.CountAsync()));
    }

    public void Dispose() => _folder.Dispose();
}
