using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using RecoveryWorker.Tests.Support;

namespace RecoveryWorker.Tests.Pages;

/// <summary>One worker process with a few late parcels, and one Chromium, for all the browser tests.</summary>
public sealed class BrowserDeployment : IAsyncLifetime, IDisposable
{
    private readonly WorkerFolder _folder = new();

    internal WorkerProcess Worker { get; private set; } = null!;

    internal Browser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var parcels = Production.LateParcels(_folder, 3, "WEB");
        Worker = WorkerProcess.Start("browser", new Dictionary<string, string?>
        {
            ["ConnectionStrings:RecoveryWorker"] = $"Data Source={_folder.Database}",
            ["Carriers:Sandbox:TrackingFile"] = _folder.TrackingFile,
            ["Demo:Seed"] = "false",
            ["Polling:SweepInterval"] = "00:00:01",
        });
        await Worker.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        await Production.PostShipmentsAsync(Worker, parcels);
        Browser = await Browser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        await Worker.DisposeAsync();
    }

    public void Dispose() => _folder.Dispose();
}

/// <summary>
/// People in a real browser against the worker as a process: sign in, the Hangfire dashboard as a viewer (read-only)
/// and as an admin (requeue and delete), sign out. Screenshots go to TestResults/screenshots.
/// </summary>
public sealed class DashboardBrowserTests(BrowserDeployment deployment) : IClassFixture<BrowserDeployment>
{
    private const float Patience = 30_000;

    private Task<IPage> NewPageAsync() => deployment.Browser.NewPageAsync(deployment.Worker.BaseAddress);

    [Fact]
    public async Task Dashboard_ViewerSignsInLooksAndSignsOut_SeesJobsButNoActions()
    {
        var page = await NewPageAsync();

        await page.GotoAsync("/hangfire");
        Assert.EndsWith("/login?ReturnUrl=%2Fhangfire", page.Url, StringComparison.Ordinal);
        var accessibility = await page.RunAxe();
        await Browser.ScreenshotAsync(page, "login");
        Assert.True(accessibility.Violations.Length == 0, "login page: " + string.Join("; ", accessibility.Violations.Select(v => $"{v.Id}: {v.Help}")));

        await SignInAsync(page, TestAccess.ViewerName, TestAccess.ViewerPassword);
        Assert.EndsWith("/hangfire", page.Url, StringComparison.Ordinal);
        await OpenSucceededJobsAsync(page);
        await Browser.ScreenshotAsync(page, "dashboard-viewer-succeeded");
        Assert.Equal(0, await page.Locator("[data-url*='/requeue'], [data-url*='/delete']").CountAsync());

        await page.Locator("table a[href*='/hangfire/jobs/details/']").First.ClickAsync();
        await page.WaitForURLAsync("**/hangfire/jobs/details/**");
        await Browser.ScreenshotAsync(page, "dashboard-viewer-job");
        Assert.Equal(0, await page.Locator("[data-ajax*='/jobs/actions/']").CountAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "Back to site" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).First.ClickAsync();
        await page.WaitForURLAsync("**/login");
        await page.GotoAsync("/hangfire");
        Assert.Contains("/login?ReturnUrl=", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_AdminSignsIn_GetsRequeueAndDeleteOnJobs()
    {
        var page = await NewPageAsync();

        await page.GotoAsync("/login");
        await SignInAsync(page, TestAccess.AdminName, TestAccess.AdminPassword);
        await OpenSucceededJobsAsync(page);
        await Browser.ScreenshotAsync(page, "dashboard-admin-succeeded");
        Assert.True(await page.Locator("[data-url*='/requeue']").CountAsync() > 0, "the admin's succeeded-jobs list has no requeue command");

        await page.Locator("table a[href*='/hangfire/jobs/details/']").First.ClickAsync();
        await page.WaitForURLAsync("**/hangfire/jobs/details/**");
        await Browser.ScreenshotAsync(page, "dashboard-admin-job");
        Assert.Equal(1, await page.Locator("[data-ajax*='/jobs/actions/requeue/']").CountAsync());
        Assert.Equal(1, await page.Locator("[data-ajax*='/jobs/actions/delete/']").CountAsync());
    }

    [Fact]
    public async Task Login_WrongPassword_StaysOnTheFormWithTheMessage()
    {
        var page = await NewPageAsync();

        await page.GotoAsync("/login");
        await page.GetByLabel("User name").FillAsync(TestAccess.AdminName);
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Wrong user name or password.");
        await Browser.ScreenshotAsync(page, "login-wrong-password");
        Assert.EndsWith("/login", page.Url, StringComparison.Ordinal);
    }

    private static async Task SignInAsync(IPage page, string user, string password)
    {
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/hangfire", new() { Timeout = Patience });
    }

    /// <summary>The succeeded-jobs list, reloaded until the worker's first jobs have run.</summary>
    private static async Task OpenSucceededJobsAsync(IPage page)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            await page.GotoAsync("/hangfire/jobs/succeeded");
            if (await page.Locator("table a[href*='/hangfire/jobs/details/']").CountAsync() > 0)
            {
                return;
            }

            Assert.True(clock.ElapsedMilliseconds < Patience, "no job succeeded within 30 s");
            await Task.Delay(500);
        }
    }
}
