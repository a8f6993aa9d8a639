using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Domain.Cases;
using RecoveryWorker.Storage;
using RecoveryWorker.Tests.Support;
using static RecoveryWorker.Tests.Support.Parcels;

namespace RecoveryWorker.Tests.Pages.Console;

/// <summary>
/// The console's pages through the real host: who may open them, the rows each filter selects (filtered and paged in
/// the database), a case's story, and finding a shipment by its tracking number.
/// </summary>
public sealed partial class ConsolePagesTests : IAsyncLifetime, IDisposable
{
    private readonly WorkerFolder _folder = new();
    private WorkerHost _host = null!;

    public async Task InitializeAsync()
    {
        _folder.WriteTracking(new Dictionary<string, object>
        {
            ["LOST1"] = Parcel("Ground", Scan(Start.AddDays(-1), "PickedUp"), Scan(Start.AddHours(-1), "Exception", "Reno, NV", "Lost")),
            ["LATE1"] = Parcel("Ground", Scan(Start.AddDays(-2), "PickedUp"), Scan(Start.AddDays(-1), "InTransit", "Memphis, TN")),
            ["FINE1"] = Parcel("Ground", Scan(Start.AddHours(-3), "PickedUp", "Atlanta, GA")),
        });
        _host = new WorkerHost(_folder, new FakeTimeProvider(Start));
        await _host.PostShipmentAsync(Request("LOST1", Start.AddDays(3), orderId: "ORD-LOST", customerId: "cust-lost"));
        await _host.PostShipmentAsync(Request("LATE1", Start.AddHours(-2), orderId: "ORD-LATE", customerId: "cust-late"));
        await _host.PostShipmentAsync(Request("FINE1", Start.AddDays(3), orderId: "ORD-FINE"));
        _host.Time.Advance(TimeSpan.FromMinutes(1));
        await _host.SweepAndRunAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public void Dispose() => _folder.Dispose();

    private async Task<HttpClient> ViewerAsync() => await SignIn.AsAsync(_host, TestAccess.ViewerName, TestAccess.ViewerPassword);

    private static List<string> TrackingNumbersIn(string html) => [.. TrackingLink().Matches(html).Select(m => m.Groups[1].Value)];

    [Theory]
    [InlineData("/console/cases")]
    [InlineData("/console/shipments")]
    public async Task Page_Anonymous_RedirectsToSignIn(string path)
    {
        using var client = SignIn.Anonymous(_host);

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login?ReturnUrl=", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_ApiKey_IsNotAPerson()
    {
        using var client = SignIn.Anonymous(_host);
        TestAccess.Authorize(client); // an API key holding every scope, and no session

        using var response = await client.GetAsync("/console/cases");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode); // the console is for people: sign in first
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cases_NoFilter_ListsEveryCaseWithItsShipment()
    {
        using var viewer = await ViewerAsync();

        var html = await viewer.GetStringAsync("/console/cases");

        Assert.Equal(["LATE1", "LOST1"], TrackingNumbersIn(html).Order());
        Assert.Contains("ORD-LOST", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("breachType=exception", "LOST1")]
    [InlineData("breachType=late", "LATE1")]
    [InlineData("q=ORD-LATE", "LATE1")]
    [InlineData("q=lost1", "LOST1")]
    [InlineData("q=cust-lost", "LOST1")]
    [InlineData("carrier=sandbox&breachType=exception", "LOST1")]
    [InlineData("carrier=ups", "")]
    public async Task Cases_Filter_ShowsExactlyTheMatchingRows(string query, string expected)
    {
        using var viewer = await ViewerAsync();

        var html = await viewer.GetStringAsync("/console/cases?" + query);

        Assert.Equal(expected.Length == 0 ? [] : [expected], TrackingNumbersIn(html));
    }

    [Theory]
    [InlineData("status=lost", "status")]
    [InlineData("breachType=slow", "breachType")]
    [InlineData("age=forever", "age")]
    [InlineData("waiting=maybe", "waiting")]
    [InlineData("pageSize=100000", "pageSize")]
    public async Task Cases_WrongFilter_400NamingIt(string query, string field)
    {
        using var viewer = await ViewerAsync();

        using var response = await viewer.GetAsync("/console/cases?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"<strong>{field}</strong>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cases_ManyCases_PagesInTheDatabaseWithLinksThatKeepTheFilters()
    {
        await SeedCasesAsync(10_000);
        using var viewer = await ViewerAsync();

        var first = await viewer.GetStringAsync("/console/cases?breachType=stalled&pageSize=500");
        var next = NextLink().Match(first);
        var last = await viewer.GetStringAsync("/console/cases?breachType=stalled&pageSize=500&page=10");

        Assert.True(TrackingNumbersIn(first).Count == 500, first[..Math.Min(first.Length, 6000)]);
        Assert.True(next.Success, "page 1 of 10 has no next link");
        Assert.Equal("/console/cases?breachType=stalled&amp;page=2&amp;pageSize=500", next.Groups[1].Value);
        Assert.Equal(500, TrackingNumbersIn(last).Count);
        Assert.DoesNotMatch(NextLink(), last);
    }

    [Fact]
    public async Task Case_Page_ShowsTheTimelineWithTheDeadlineAndWhatTheHelpdeskWasTold()
    {
        var id = await _host.QueryAsync(db => db.Cases.Where(c => c.BreachType == "exception").Select(c => c.Id).SingleAsync());
        using var viewer = await ViewerAsync();

        var html = await viewer.GetStringAsync($"/console/cases/{id}");

        Assert.Contains("class=\"deadline\"", html, StringComparison.Ordinal);
        Assert.Contains("Promised delivery deadline", html, StringComparison.Ordinal);
        Assert.Contains("Reno, NV", html, StringComparison.Ordinal); // the carrier's exception scan
        Assert.Contains("open ticket", html, StringComparison.Ordinal); // the owed ticket create
        Assert.Contains("Local #", html, StringComparison.Ordinal);
        Assert.DoesNotContain("@example.com", html, StringComparison.Ordinal); // no customer e-mail on the page
    }

    [Fact]
    public async Task Shipments_SearchByTrackingNumber_FindsItAndItsPageShowsScansAndCases()
    {
        using var viewer = await ViewerAsync();

        var found = await viewer.GetStringAsync("/console/shipments?q=lost1");
        var link = Regex.Match(found, "href=\"(/console/shipments/[0-9a-f-]{36})\"");
        var page = await viewer.GetStringAsync(link.Groups[1].Value);
        using var missing = await viewer.GetAsync($"/console/shipments/{Guid.NewGuid()}");

        Assert.True(link.Success, found);
        Assert.Contains("Reno, NV", page, StringComparison.Ordinal);
        Assert.Contains("/console/cases/", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Dashboard_Home_ShowsTheWorkersFiguresAndTheWayToTheConsole()
    {
        using var viewer = await ViewerAsync();

        var html = await viewer.GetStringAsync("/hangfire");

        Assert.Contains("href=\"/console/cases\"", html, StringComparison.Ordinal);
        Assert.Contains("Recovery console", html, StringComparison.Ordinal);
        Assert.Contains("Shipments watched", html, StringComparison.Ordinal);
        Assert.Contains("Cases open", html, StringComparison.Ordinal);
        Assert.Contains("Owed helpdesk writes", html, StringComparison.Ordinal);
        Assert.Contains("Last sweep (this replica)", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_Jobs_NamedByWhatAPersonRecognises()
    {
        using var viewer = await ViewerAsync();

        var html = System.Net.WebUtility.HtmlDecode(await viewer.GetStringAsync("/hangfire/jobs/succeeded"));

        Assert.Contains("Helpdesk writes · exception case of order ORD-LOST (LOST1)", html, StringComparison.Ordinal);
        Assert.Contains("Helpdesk writes · late case of order ORD-LATE (LATE1)", html, StringComparison.Ordinal);
        Assert.Matches(@"Track \d+ sandbox parcel\(s\)", html);
    }

    private static async Task<HttpResponseMessage> ActAsync(HttpClient client, Guid caseId, string handler, string? reason)
    {
        var token = await SignIn.AntiforgeryTokenAsync(client, $"/console/cases/{caseId}");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["reason"] = reason ?? "", ["__RequestVerificationToken"] = token });
        return await client.PostAsync($"/console/cases/{caseId}?handler={handler}", form);
    }

    private Task<CaseRecord> CaseAsync(string breachType) =>
        _host.QueryAsync(db => db.Cases.AsNoTracking().Include(c => c.OwedEffects).SingleAsync(c => c.BreachType == breachType));

    [Fact]
    public async Task Case_AdminResolvesByHand_RecordedWithWhoAndWhyAndANoteNotAMessage()
    {
        var before = await CaseAsync("exception");
        using var admin = await SignIn.AsAsync(_host, TestAccess.AdminName, TestAccess.AdminPassword);

        using var response = await ActAsync(admin, before.Id, "Resolve", "customer collected it at the depot");
        var page = await admin.GetStringAsync($"/console/cases/{before.Id}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await CaseAsync("exception");
        Assert.Equal(nameof(CaseStatus.Resolved), after.Status);
        Assert.Equal($"resolved by hand by user:{TestAccess.AdminName}: customer collected it at the depot", after.Resolution);
        var note = Assert.Single(after.OwedEffects, e => e.Key.EndsWith(":resolved-by-hand:note", StringComparison.Ordinal));
        Assert.False(note.Public);
        Assert.DoesNotContain(after.OwedEffects, e => e.Public && e.State == OwedEffectStates.Pending);
        Assert.Contains("Resolved by hand.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Act on this case", page, StringComparison.Ordinal); // resolved: nothing left to act on
    }

    [Fact]
    public async Task Case_AdminStopsWatching_ShipmentAuditedAsStoppedNotCancelled()
    {
        var @case = await CaseAsync("late");
        using var admin = await SignIn.AsAsync(_host, TestAccess.AdminName, TestAccess.AdminPassword);

        using var response = await ActAsync(admin, @case.Id, "StopWatching", "carrier confirmed lost, refund issued in the shop");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var shipment = await _host.QueryAsync(db => db.Shipments.AsNoTracking().SingleAsync(s => s.Id == @case.ShipmentId));
        Assert.Null(shipment.NextCheckAt);
        var audit = await _host.QueryAsync(db => db.ShipmentChanges.AsNoTracking().SingleAsync(c => c.ShipmentId == @case.ShipmentId));
        Assert.Equal(("stopped", $"user:{TestAccess.AdminName}"), (audit.Action, audit.Actor));
        Assert.StartsWith($"watching stopped by user:{TestAccess.AdminName}: carrier confirmed lost", (await CaseAsync("late")).Resolution, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Case_ViewerActs_Forbidden_AndAdminWithoutReason_400()
    {
        var @case = await CaseAsync("exception");
        using var viewer = await ViewerAsync();
        using var admin = await SignIn.AsAsync(_host, TestAccess.AdminName, TestAccess.AdminPassword);

        using var asViewer = await ActAsync(viewer, @case.Id, "Resolve", "because");
        using var noReason = await ActAsync(admin, @case.Id, "Resolve", " ");

        Assert.Equal(HttpStatusCode.Redirect, asViewer.StatusCode); // the cookie scheme's answer to "forbidden": the denied page
        Assert.StartsWith("/login/denied", asViewer.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("Say why", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(nameof(CaseStatus.Resolved), (await CaseAsync("exception")).Status);
    }

    /// <summary>Cases straight into the store (the pipeline would take minutes for 10,000): half stalled, half late.</summary>
    private Task<int> SeedCasesAsync(int count) => _host.QueryAsync(async db =>
    {
        for (var i = 0; i < count; i++)
        {
            var shipment = StoredRecords.Shipment($"BULK-{i}", $"BULK{i:D6}", $"bulk-{i}", "sandbox", "ground", Start.AddDays(-1));
            db.Shipments.Add(shipment);
            db.Cases.Add(StoredRecords.Case(shipment, i % 2 == 0 ? "stalled" : "late", Start.AddMinutes(-i), Start));
        }

        return await db.SaveChangesAsync();
    });

    [GeneratedRegex("href=\"/console/shipments/[0-9a-f-]{36}\">([A-Z0-9]+)</a>")]
    private static partial Regex TrackingLink();

    [GeneratedRegex("href=\"([^\"]+)\" rel=\"next\"")]
    private static partial Regex NextLink();
}
