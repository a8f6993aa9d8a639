using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using RecoveryWorker.Tests.Support;

namespace RecoveryWorker.Tests.Pages.Console;

/// <summary>
/// The console in a real browser against the worker as a process (three late parcels, so three cases): a viewer signs
/// in, filters the cases, opens one and its shipment, and finds a shipment by tracking number; every page passes an
/// accessibility check with no serious or critical violation. Screenshots go to TestResults/screenshots.
/// </summary>
public sealed class ConsoleBrowserTests(BrowserDeployment deployment) : IClassFixture<BrowserDeployment>
{
    private const float Patience = 30_000;

    [Fact]
    public async Task Console_ViewerFiltersOpensACaseAndFindsAShipment_EveryPageAccessible()
    {
        var page = await deployment.Browser.NewPageAsync(deployment.Worker.BaseAddress);

        await page.GotoAsync("/console/cases");
        Assert.Contains("/login?ReturnUrl=", page.Url, StringComparison.Ordinal);
        await page.GetByLabel("User name").FillAsync(TestAccess.ViewerName);
        await page.GetByLabel("Password").FillAsync(TestAccess.ViewerPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/console/cases", new() { Timeout = Patience });
        await WaitForCasesAsync(page);
        await CheckAsync(page, "console-cases");

        await page.GetByLabel("Breach").SelectOptionAsync("late");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await page.WaitForURLAsync("**/console/cases?**breachType=late**");
        Assert.Equal(3, await page.Locator("tbody tr").CountAsync());
        await CheckAsync(page, "console-cases-late");

        await page.Locator("tbody tr a[href^='/console/cases/']").First.ClickAsync();
        await page.WaitForURLAsync("**/console/cases/*");
        await Assertions.Expect(page.Locator("tr.deadline")).ToContainTextAsync("Promised delivery deadline");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "What the helpdesk was told" })).ToBeVisibleAsync();
        await CheckAsync(page, "console-case");

        var number = await page.Locator("dl.facts a[href^='/console/shipments/']").InnerTextAsync();
        await page.Locator("dl.facts a[href^='/console/shipments/']").ClickAsync();
        await page.WaitForURLAsync("**/console/shipments/*");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Scans" })).ToBeVisibleAsync();
        await CheckAsync(page, "console-shipment");

        await page.GotoAsync("/console/shipments");
        await page.GetByLabel("Tracking number, order or customer id").FillAsync(number.ToLowerInvariant());
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        await Assertions.Expect(page.Locator("tbody tr")).ToHaveCountAsync(1);
        await CheckAsync(page, "console-shipments-found");

        await page.GetByRole(AriaRole.Link, new() { Name = "Promise keeping" }).ClickAsync();
        await page.WaitForURLAsync("**/console/promises");
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "Kept promises, percent, by carrier" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "Kept promises, percent, per week and carrier, last 30 days" })).ToBeVisibleAsync();
        await CheckAsync(page, "console-promises");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download as CSV" }).ClickAsync());
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.StartsWith("group,shipments,kept,broken,kept_percent", csv, StringComparison.Ordinal);
        Assert.Contains("sandbox,3,0,3,0.0", csv, StringComparison.Ordinal); // the three late parcels
        var weekly = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download the weekly figures as CSV" }).ClickAsync());
        var weeklyCsv = (await File.ReadAllTextAsync(await weekly.PathAsync())).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("carrier,week,shipments,kept,broken,kept_percent", weeklyCsv[0]);
        Assert.Equal(3, weeklyCsv.Skip(1).Sum(row => int.Parse(row.Split(',')[2], System.Globalization.CultureInfo.InvariantCulture)));

        // By lane: these parcels came without origin or destination, so they share the unknown lane.
        await page.GetByLabel("Grouped by").SelectOptionAsync("lane");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await page.WaitForURLAsync("**/console/promises?**group=lane**");
        await Assertions.Expect(page.GetByRole(AriaRole.Rowheader, new() { Name = "? → ?" })).ToBeVisibleAsync();
        await CheckAsync(page, "console-promises-lane");

        // Carrier claims: these late parcels went ground (not guaranteed), so none; the filters and the summary still show.
        await page.GetByRole(AriaRole.Link, new() { Name = "Carrier claims" }).ClickAsync();
        await page.WaitForURLAsync("**/console/claims");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Carrier claims" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("No claims match.")).ToBeVisibleAsync();
        await CheckAsync(page, "console-claims");
    }

    [Fact]
    public async Task Console_AdminResolvesACaseByHand_SeesItRecorded()
    {
        var page = await deployment.Browser.NewPageAsync(deployment.Worker.BaseAddress);
        await page.GotoAsync("/console/cases");
        await page.GetByLabel("User name").FillAsync(TestAccess.AdminName);
        await page.GetByLabel("Password").FillAsync(TestAccess.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/console/cases", new() { Timeout = Patience });
        await WaitForCasesAsync(page);

        await page.Locator("tbody tr a[href^='/console/cases/']").Last.ClickAsync();
        await page.WaitForURLAsync("**/console/cases/*");
        await CheckAsync(page, "console-case-admin");
        await page.GetByLabel("Reason (recorded on the case, with your name)").FillAsync("customer picked it up at the depot");
        await page.GetByRole(AriaRole.Button, new() { Name = "Resolve by hand" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Resolved by hand.");
        await Assertions.Expect(page.Locator("dl.facts").First).ToContainTextAsync($"resolved by hand by user:{TestAccess.AdminName}: customer picked it up at the depot");
        await CheckAsync(page, "console-case-resolved");
    }

    [Fact]
    public async Task Console_AdminMarksACompensationGranted_SeesItInTheLedger()
    {
        var page = await deployment.Browser.NewPageAsync(deployment.Worker.BaseAddress);
        await page.GotoAsync("/console/cases");
        await page.GetByLabel("User name").FillAsync(TestAccess.AdminName);
        await page.GetByLabel("Password").FillAsync(TestAccess.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/console/cases", new() { Timeout = Patience });
        await WaitForCasesAsync(page);

        // Each late parcel's case proposed a shipping refund; the ledger lists them, an admin says one was issued by hand.
        await page.GetByRole(AriaRole.Link, new() { Name = "Compensation", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/console/compensations");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Compensation", Exact = true })).ToBeVisibleAsync();
        await CheckAsync(page, "console-compensations");
        var row = page.Locator("tbody tr", new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "Mark", Exact = true }) }).First;
        var caseKey = await row.Locator("td a").First.InnerTextAsync();
        await row.GetByLabel("Reason").FillAsync("refunded in the store admin");
        await row.GetByLabel("Step").SelectOptionAsync("granted");
        await row.GetByRole(AriaRole.Button, new() { Name = "Mark", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Marked granted.");
        var marked = page.Locator("tbody tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = caseKey, Exact = true }) });
        await Assertions.Expect(marked).ToContainTextAsync("granted");
        await Assertions.Expect(marked).ToContainTextAsync($"user:{TestAccess.AdminName}: refunded in the store admin");
        await CheckAsync(page, "console-compensation-granted");
    }

    /// <summary>A screenshot, then axe-core: no serious or critical violation on the page.</summary>
    private static async Task CheckAsync(IPage page, string name)
    {
        await Browser.ScreenshotAsync(page, name);
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{name}: " + string.Join("; ", serious.Select(Describe)));
    }

    private static string Describe(AxeResultItem violation) =>
        $"{violation.Id} ({violation.Impact}): {violation.Help} at {string.Join(", ", violation.Nodes.Take(3).Select(n => n.Html))}";

    /// <summary>The worker sweeps every second; its first cases appear within seconds of the shipments.</summary>
    private static async Task WaitForCasesAsync(IPage page)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await page.Locator("tbody tr").CountAsync() < 3)
        {
            Assert.True(clock.ElapsedMilliseconds < Patience, "the three late parcels' cases did not appear within 30 s");
            await Task.Delay(500);
            await page.ReloadAsync();
        }
    }
}
