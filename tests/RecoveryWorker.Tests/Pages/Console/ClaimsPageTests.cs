using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using RecoveryWorker.Storage;
using RecoveryWorker.Tests.Support;
using static RecoveryWorker.Tests.Support.Parcels;

namespace RecoveryWorker.Tests.Pages.Console;

/// <summary>The claims page through the real host: the list and its badge, the case's link, and admins recording outcomes.</summary>
public sealed class ClaimsPageTests : IAsyncLifetime, IDisposable
{
    private readonly WorkerFolder _folder = new();
    private WorkerHost _host = null!;

    public async Task InitializeAsync()
    {
        _folder.WriteTracking(new Dictionary<string, object>
        {
            ["1ZNDALATE1"] = Parcel("Next Day Air", Scan(Start.AddDays(-1), "PickedUp", "Atlanta, GA"), Scan(Start.AddHours(-2), "Delivered", "Brooklyn, NY")),
        });
        _host = new WorkerHost(_folder, new FakeTimeProvider(Start));
        await _host.PostShipmentAsync(Request("1ZNDALATE1", Start.AddHours(-3), service: "next_day_air", orderId: "ORD-NDA"));
        await _host.SweepAndRunAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public void Dispose() => _folder.Dispose();

    private Task<ClaimRecord> ClaimAsync() => _host.QueryAsync(db => db.Claims.AsNoTracking().Include(c => c.Events).SingleAsync());

    [Fact]
    public async Task Claims_Viewer_SeesTheClaimToFileWithItsDeadlineAndNoButtons()
    {
        using var viewer = await SignIn.AsAsync(_host, TestAccess.ViewerName, TestAccess.ViewerPassword);

        var html = WebUtility.HtmlDecode(await viewer.GetStringAsync("/console/claims?status=to_file"));

        Assert.Contains(">1ZNDALATE1</a>", html, StringComparison.Ordinal);
        Assert.Contains("to file", html, StringComparison.Ordinal);
        Assert.Contains("2026-12-01 06:00", html, StringComparison.Ordinal); // file by: 15 days after 2026-11-16 06:00 New York
        Assert.Contains("9.95 USD", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"outcome\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nav_ClaimDueWithin3Days_ShowsTheBadge()
    {
        using var viewer = await SignIn.AsAsync(_host, TestAccess.ViewerName, TestAccess.ViewerPassword);
        var before = await viewer.GetStringAsync("/console/cases");
        _host.Time.Advance(TimeSpan.FromDays(13)); // 2 days before the deadline (the session has lapsed: sign in again)
        using var later = await SignIn.AsAsync(_host, TestAccess.ViewerName, TestAccess.ViewerPassword);

        var after = await later.GetStringAsync("/console/cases");

        Assert.DoesNotContain("class=\"badge\"", before, StringComparison.Ordinal);
        Assert.Contains("1 due</a>", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Case_WithAClaim_LinksToIt()
    {
        using var viewer = await SignIn.AsAsync(_host, TestAccess.ViewerName, TestAccess.ViewerPassword);
        var claim = await ClaimAsync();
        var caseId = await _host.QueryAsync(db => db.Cases.Where(c => c.ShipmentId == claim.ShipmentId).Select(c => c.Id).SingleAsync());

        var html = await viewer.GetStringAsync($"/console/cases/{caseId}");

        Assert.Contains($"/console/claims?trackingNumber=1ZNDALATE1#claim-{claim.Id}", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outcome_AdminFilesWithAntiforgery_RecordedWithTheAdminsName()
    {
        using var admin = await SignIn.AsAsync(_host, TestAccess.AdminName, TestAccess.AdminPassword);
        var claim = await ClaimAsync();

        using var response = await PostOutcomeAsync(admin, claim.Id, "filed", ("carrierReference", "GSR-123"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await ClaimAsync();
        Assert.Equal(("filed", "GSR-123"), (after.Status, after.CarrierReference));
        Assert.Contains(after.Events, e => e.Action == "filed" && e.Actor == $"user:{TestAccess.AdminName}");
    }

    [Fact]
    public async Task Outcome_Viewer_IsRefusedAndNothingChanges()
    {
        using var viewer = await SignIn.AsAsync(_host, TestAccess.ViewerName, TestAccess.ViewerPassword);
        var claim = await ClaimAsync();

        using var response = await PostOutcomeAsync(viewer, claim.Id, "filed");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode); // the cookie scheme's answer to "forbidden": the denied page
        Assert.StartsWith("/login/denied", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("to_file", (await ClaimAsync()).Status);
    }

    [Fact]
    public async Task Outcome_WithoutAntiforgeryToken_IsRefused()
    {
        using var admin = await SignIn.AsAsync(_host, TestAccess.AdminName, TestAccess.AdminPassword);
        var claim = await ClaimAsync();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["id"] = claim.Id.ToString(), ["outcome"] = "filed" });

        using var response = await admin.PostAsync("/console/claims?handler=Outcome", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("to_file", (await ClaimAsync()).Status);
    }

    [Fact]
    public async Task Csv_ListAndSummary_AreDownloads()
    {
        using var viewer = await SignIn.AsAsync(_host, TestAccess.ViewerName, TestAccess.ViewerPassword);

        var list = await viewer.GetStringAsync("/console/claims?status=to_file&format=csv");
        var summary = await viewer.GetStringAsync("/console/claims?summary=csv");

        Assert.StartsWith("1ZNDALATE1,2026-11-06,next_day_air,2026-11-16 06:00,2026-11-16 07:00,late,9.95,USD,sandbox,2026-12-01,to_file,,", list.Split("\r\n")[1], StringComparison.Ordinal);
        Assert.Equal("sandbox,2026-11,USD,1,0,0,0,0,0,9.95,0.00,0.00", summary.Split("\r\n")[1]);
    }

    private static async Task<HttpResponseMessage> PostOutcomeAsync(HttpClient client, Guid id, string outcome, params (string Key, string Value)[] fields)
    {
        var token = await SignIn.AntiforgeryTokenAsync(client, "/console/claims");
        var values = new Dictionary<string, string> { ["id"] = id.ToString(), ["outcome"] = outcome, ["__RequestVerificationToken"] = token };
        foreach (var (key, value) in fields)
        {
            values[key] = value;
        }

        using var form = new FormUrlEncodedContent(values);
        return await client.PostAsync("/console/claims?handler=Outcome", form);
    }
}
