using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Tests.Support;
using static RecoveryWorker.Tests.Support.Parcels;

namespace RecoveryWorker.Tests.Effects;

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
    public async Task Zendesk_ApiTokenInAMountedSecretFile_IsTheOneSent()
    {
        using var zendesk = new FakeZendesk();
        var secrets = Directory.CreateTempSubdirectory("rw-secrets-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(secrets.FullName, "Helpdesk__Zendesk__ApiToken"), "token-from-a-file");
            var settings = zendesk.Settings();
            settings.Remove("Helpdesk:Zendesk:ApiToken");
            settings["Secrets:Directory"] = secrets.FullName;
            await using var host = await LateShipmentsAsync(settings, 1);

            await host.RunEnqueuedAsync();

            var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("agent@shop.example/token:token-from-a-file"));
            Assert.Equal(expected, Assert.Single(zendesk.CreateHeaders).Authorization);
        }
        finally
        {
            secrets.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Zendesk_FiftyCreatesAnsweredAfterTheTimeout_TicketCountEqualsCaseCount()
    {
        using var zendesk = new FakeZendesk { CreateAnswerDelay = TimeSpan.FromSeconds(1.5) };
        await using var host = await LateShipmentsAsync(zendesk.Settings(timeout: TimeSpan.FromSeconds(0.5)), 50);

        var failed = await host.RunEnqueuedConcurrentlyAsync(parallelism: 10);
        var afterTimeouts = await CasesAsync(host);
        zendesk.CreateAnswerDelay = TimeSpan.Zero; // the slowness is over; Hangfire's retries run
        var retryFailures = await host.RunScheduledNowAsync("DeliverEffectsJob", parallelism: 10);

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

    [Fact]
    public async Task Zendesk_FollowUpRunAgainAfterACrashBeforeItWasMarkedDone_DoesNotWriteTheSameCommentsTwice()
    {
        using var zendesk = new FakeZendesk();
        await using var host = await LateShipmentsAsync(zendesk.Settings(), 1);
        await host.RunEnqueuedAsync();
        var id = Assert.Single(zendesk.Tickets)["id"]!.GetValue<long>();
        host.Time.Advance(TimeSpan.FromHours(4));
        await host.RunDueScheduledAsync();
        var afterFirstRun = zendesk.Comments(id).Count;

        // The worker died after the helpdesk took the comments and before the follow-up was saved as done.
        var followUpId = await host.QueryAsync(db => db.FollowUps.OrderBy(f => f.Sequence).Select(f => f.Id).FirstAsync());
        await host.QueryAsync(db => db.FollowUps.Where(f => f.Id == followUpId).ExecuteUpdateAsync(f => f.SetProperty(x => x.DoneAt, (DateTimeOffset?)null)));
        await host.Services.GetRequiredService<RecoveryWorker.Recovery.FollowUpRunner>().RunAsync(followUpId, CancellationToken.None);

        Assert.Equal(afterFirstRun, zendesk.Comments(id).Count);
        Assert.Equal(2, await host.QueryAsync(db => db.SentComments.CountAsync(c => c.Key.EndsWith(":fu1:public") || c.Key.EndsWith(":fu1:note"))));
    }

    [Fact]
    public async Task Zendesk_RateLimitStorm_WaitsOutEachRetryAfterAndOpensOneTicket()
    {
        using var zendesk = new FakeZendesk();
        foreach (var _ in Enumerable.Range(0, 4))
        {
            zendesk.CreateRefusals.Enqueue(429);
        }

        await using var host = await LateShipmentsAsync(zendesk.Settings(), 1);
        await host.RunEnqueuedAsync();
        for (var round = 0; round < 4; round++)
        {
            Assert.Equal(("TicketPending", "Pending"), Assert.Single(await CasesAsync(host)) is var c ? (c.Status, c.Claim) : default);
            Assert.Empty(zendesk.Tickets);
            host.Time.Advance(TimeSpan.FromSeconds(1)); // Retry-After: 1
            await host.RunDueScheduledAsync();
        }

        var @case = Assert.Single(await CasesAsync(host));
        Assert.Equal(("TicketOpened", "Done"), (@case.Status, @case.Claim));
        Assert.Single(zendesk.Tickets);
        Assert.Equal(5, zendesk.CreateRequests);
        Assert.DoesNotContain(host.AllJobs(), j => j.State == "Failed"); // a 429 is a wait, not a failure
    }

    [Fact]
    public async Task Zendesk_CredentialsRefused_CaseStaysPendingAndReadinessTurnsRedThenGreen()
    {
        using var zendesk = new FakeZendesk();
        zendesk.CreateRefusals.Enqueue(401);
        await using var host = await LateShipmentsAsync(zendesk.Settings(), 1);
        using var client = host.CreateClient();

        var failures = await host.RunEnqueuedConcurrentlyAsync(parallelism: 1);
        var @case = Assert.Single(await CasesAsync(host));
        var ready = await client.GetAsync("/health/ready");
        var view = await host.GetAsync($"/api/cases/{await host.QueryAsync(db => db.Cases.Select(x => x.Id).SingleAsync())}");

        Assert.Equal(1, failures);
        Assert.Equal(("TicketPending", "Pending"), (@case.Status, @case.Claim));
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.StartsWith("Unauthorized", view["ticket"]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(zendesk.Tickets);

        await host.RunScheduledNowAsync("DeliverEffectsJob"); // Hangfire's retry, once the credentials work again

        Assert.Equal("Done", Assert.Single(await CasesAsync(host)).Claim);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Single(zendesk.Tickets);
    }

    [Fact]
    public async Task Zendesk_ValidationError_CaseShowsTheReasonAndTheJobFailsWithoutRetrying()
    {
        using var zendesk = new FakeZendesk();
        zendesk.CreateRefusals.Enqueue(422);
        await using var host = await LateShipmentsAsync(zendesk.Settings(), 1);

        var failures = await host.RunEnqueuedConcurrentlyAsync(parallelism: 1);
        var view = await host.GetAsync($"/api/cases/{await host.QueryAsync(db => db.Cases.Select(x => x.Id).SingleAsync())}");
        host.Time.Advance(TimeSpan.FromHours(1));
        await host.SweepAsync(); // the sweep does not bring a refused ticket back

        Assert.Equal(1, failures);
        Assert.Equal("rejected", view["ticket"]!["claim"]!.GetValue<string>());
        var error = view["ticket"]!["error"]!.GetValue<string>();
        Assert.StartsWith("Rejected", error, StringComparison.Ordinal);
        Assert.Contains("Email is not properly formatted", error, StringComparison.Ordinal);
        Assert.DoesNotContain("@", error, StringComparison.Ordinal);
        Assert.Single(host.AllJobs(), j => j.Method == "DeliverEffectsJob.RunAsync" && j.State == "Failed");
        Assert.DoesNotContain(host.AllJobs(), j => j.Method == "DeliverEffectsJob.RunAsync" && j.State is "Scheduled" or "Enqueued");
        Assert.Empty(zendesk.Tickets);
        Assert.Equal(1, zendesk.CreateRequests);
    }

    [Fact]
    public async Task Zendesk_FollowUpFindsTheTicketSolvedWhileStillLate_ReopensItWithAnInternalNote()
    {
        using var zendesk = new FakeZendesk();
        await using var host = await LateShipmentsAsync(zendesk.Settings(), 1);
        await host.RunEnqueuedAsync();
        var ticket = Assert.Single(zendesk.Tickets);
        var id = ticket["id"]!.GetValue<long>();
        zendesk.SetStatus(id, "solved");

        host.Time.Advance(TimeSpan.FromHours(4));
        await host.RunDueScheduledAsync();

        Assert.Equal("open", Assert.Single(zendesk.Tickets)["status"]!.GetValue<string>());
        Assert.Contains(zendesk.Comments(id), c => !c.Public && c.Body.StartsWith("Reopened by RecoveryWorker: this ticket was Solved", StringComparison.Ordinal));
        var outcome = await host.QueryAsync(db => db.FollowUps.OrderBy(f => f.Sequence).Select(f => f.Outcome).FirstAsync());
        Assert.Equal("still late: update sent (ticket was Solved: reopened with a note)", outcome);
    }

    [Fact]
    public async Task Freshdesk_BreachedShipment_OneTicketTaggedWithTheCaseAndAFollowUpNoteOnTheSameTicket()
    {
        using var freshdesk = new FakeFreshdesk();
        await using var host = await LateShipmentsAsync(freshdesk.Settings(), 1);

        await host.RunEnqueuedAsync();

        var @case = Assert.Single(await CasesAsync(host));
        var ticket = Assert.Single(freshdesk.Tickets);
        var id = ticket["id"]!.GetValue<long>();
        Assert.Equal(("TicketOpened", "Done"), (@case.Status, @case.Claim));
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), @case.TicketId);
        Assert.Contains(RecoveryWorker.Connectors.Helpdesks.Freshdesk.FreshdeskHelpdesk.CaseTag(@case.Key), ticket["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(2, ticket["priority"]!.GetValue<int>()); // Normal
        var conversations = freshdesk.Conversations(id);
        Assert.False(conversations[0].Private); // Send mode: the apology goes out as the agent's reply
        Assert.Contains("Ada", conversations[0].Body, StringComparison.Ordinal);
        Assert.True(conversations[1].Private); // the facts for the agent

        host.Time.Advance(TimeSpan.FromHours(4));
        await host.RunDueScheduledAsync();

        Assert.Single(freshdesk.Tickets);
        Assert.True(freshdesk.Conversations(id).Count > conversations.Count, "the follow-up wrote on the same ticket");
        Assert.Equal("FollowingUp", Assert.Single(await CasesAsync(host)).Status);
    }

    [Fact]
    public async Task Freshdesk_FiftyCreatesAnsweredAfterTheTimeout_LooksUpAfterTheIndexDelayAndCountsMatch()
    {
        using var freshdesk = new FakeFreshdesk { CreateAnswerDelay = TimeSpan.FromSeconds(1.5) };
        await using var host = await LateShipmentsAsync(freshdesk.Settings(timeout: TimeSpan.FromSeconds(0.5), lookupDelay: TimeSpan.FromMinutes(10)), 50);

        var failed = await host.RunEnqueuedConcurrentlyAsync(parallelism: 10);
        // A client that gave up after 0.5 s may have sent a create the fake has not taken in yet (a busy machine): wait for
        // all 50 to have reached it, so the index below catches up with every ticket, as Freshdesk's would in 10 minutes.
        Assert.True(await Production.EventuallyAsync(() => Task.FromResult(freshdesk.CreateRequests >= 50), TimeSpan.FromSeconds(30)), $"{freshdesk.CreateRequests} of 50 creates reached Freshdesk");
        var createsAfterTimeouts = freshdesk.CreateRequests;
        freshdesk.CreateAnswerDelay = TimeSpan.Zero;
        await host.RunScheduledNowAsync("DeliverEffectsJob", parallelism: 10); // Hangfire's retries come early: they must wait
        var searchesBeforeTheDelay = freshdesk.Searches;
        var createsBeforeTheDelay = freshdesk.CreateRequests;

        host.Time.Advance(TimeSpan.FromMinutes(10));
        freshdesk.IndexAll(); // Freshdesk's search has caught up
        await host.RunDueScheduledAsync();

        var cases = await CasesAsync(host);
        Assert.Equal(50, failed);
        Assert.Equal(0, searchesBeforeTheDelay);
        Assert.Equal(createsAfterTimeouts, createsBeforeTheDelay); // nothing created again before the lookup could see it
        Assert.Equal(50, freshdesk.Searches);
        Assert.Equal(50, cases.Count);
        Assert.Equal(cases.Count, freshdesk.Tickets.Count);
        Assert.Equal(freshdesk.Tickets.Count, freshdesk.CreateRequests);
        Assert.All(cases, c => Assert.Equal(("TicketOpened", "Done"), (c.Status, c.Claim)));
        Assert.Equal(
            cases.Select(c => c.TicketId).Order(StringComparer.Ordinal),
            freshdesk.Tickets.Select(t => t["id"]!.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Zendesk_ParcelArrives_TicketSolvedUnlessTheCustomerHadTheLastWord()
    {
        using var zendesk = new FakeZendesk();
        await using var host = await LateShipmentsAsync(zendesk.Settings(), 2);
        await host.RunEnqueuedAsync();
        var ids = zendesk.Tickets.Select(t => t["id"]!.GetValue<long>()).Order().ToList();
        zendesk.CustomerReplies(ids[0], "Where is my parcel? I needed it for Friday.");

        _folder.WriteTracking(Numbers(2).ToDictionary(n => n, _ => Parcel("Ground", Scan(Start.AddDays(-1), "PickedUp", "Atlanta, GA"), Scan(Deadline.AddMinutes(30), "Delivered", "Brooklyn, NY"))));
        host.Time.Advance(TimeSpan.FromHours(1));
        await host.SweepAndRunAsync();

        var status = zendesk.Tickets.ToDictionary(t => t["id"]!.GetValue<long>(), t => t["status"]!.GetValue<string>());
        Assert.NotEqual("solved", status[ids[0]]); // the customer wrote last: an agent answers before it is closed
        Assert.Equal("solved", status[ids[1]]);
        Assert.All(zendesk.Tickets, t => Assert.Contains(zendesk.Comments(t["id"]!.GetValue<long>()), c => c.Public && c.Body.Contains("has arrived", StringComparison.Ordinal)));
        Assert.Equal(0, await host.QueryAsync(db => db.OwedEffects.CountAsync(e => e.State != RecoveryWorker.Storage.OwedEffectStates.Delivered)));
    }

    [Fact]
    public async Task Freshdesk_ParcelArrives_TicketResolvedUnlessTheCustomerHadTheLastWord()
    {
        using var freshdesk = new FakeFreshdesk();
        await using var host = await LateShipmentsAsync(freshdesk.Settings(), 2);
        await host.RunEnqueuedAsync();
        var ids = freshdesk.Tickets.Select(t => t["id"]!.GetValue<long>()).Order().ToList();
        freshdesk.CustomerReplies(ids[0], "Where is my parcel?");

        _folder.WriteTracking(Numbers(2).ToDictionary(n => n, _ => Parcel("Ground", Scan(Start.AddDays(-1), "PickedUp", "Atlanta, GA"), Scan(Deadline.AddMinutes(30), "Delivered", "Brooklyn, NY"))));
        host.Time.Advance(TimeSpan.FromHours(1));
        await host.SweepAndRunAsync();

        var status = freshdesk.Tickets.ToDictionary(t => t["id"]!.GetValue<long>(), t => t["status"]!.GetValue<int>());
        Assert.NotEqual(4, status[ids[0]]);
        Assert.Equal(4, status[ids[1]]); // Resolved
    }

    [Fact]
    public async Task Zendesk_StillLateAfterTheLastFollowUp_EscalatesToTheSupervisorsGroupById()
    {
        using var zendesk = new FakeZendesk();
        await using var host = await LateShipmentsAsync(zendesk.Settings(), 1);
        await host.RunEnqueuedAsync();

        foreach (var wait in new[] { TimeSpan.FromHours(4), TimeSpan.FromHours(20), TimeSpan.FromDays(2) })
        {
            host.Time.Advance(wait);
            await host.RunDueScheduledAsync();
        }

        var ticket = Assert.Single(zendesk.Tickets);
        Assert.Equal("Escalated", Assert.Single(await CasesAsync(host)).Status);
        Assert.Equal(FakeZendesk.SupervisorsGroupId, ticket["group_id"]!.GetValue<long>()); // "Supervisors", found by name
        Assert.Equal("urgent", ticket["priority"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("Zendesk")]
    [InlineData("Freshdesk")]
    public async Task Start_SupervisorGroupUnknownToTheHelpdesk_RefusesToStartNamingTheKey(string provider)
    {
        using FakeHelpdeskServer fake = provider == "Zendesk" ? new FakeZendesk() : new FakeFreshdesk();
        var settings = fake is FakeZendesk zendesk ? zendesk.Settings() : ((FakeFreshdesk)fake).Settings();
        settings["FollowUp:SupervisorGroup"] = "Escalations";
        settings["ConnectionStrings:RecoveryWorker"] = $"Data Source={_folder.Database}";
        settings["Carriers:Sandbox:Enabled"] = "true";
        settings["Carriers:Sandbox:TrackingFile"] = _folder.TrackingFile;

        var (exitCode, output) = await WorkerProcess.RunToExitAsync(settings);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("FollowUp:SupervisorGroup 'Escalations' is not a group in " + provider, output, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
