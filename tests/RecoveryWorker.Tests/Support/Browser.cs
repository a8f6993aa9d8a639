using Microsoft.Playwright;

namespace RecoveryWorker.Tests.Support;

/// <summary>
/// A real Chromium driven by Playwright. Playwright's own browser downloads are not reachable from CI machines, so it
/// launches the distribution's chromium (<c>apt-get install -y chromium</c>; <c>.ci/run</c> installs it when missing),
/// or the executable named by <c>RECOVERYWORKER_CHROMIUM</c>.
/// </summary>
internal sealed class Browser : IAsyncDisposable
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    private readonly IPlaywright _playwright;

    private Browser(IPlaywright playwright, IBrowser chromium)
    {
        _playwright = playwright;
        Chromium = chromium;
    }

    public IBrowser Chromium { get; }

    /// <summary>Where screenshots go: TestResults/screenshots beside the TRX files.</summary>
    public static string ScreenshotFolder
    {
        get
        {
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "RecoveryWorker.sln")))
            {
                root = root.Parent;
            }

            var folder = Path.Combine(root?.FullName ?? Path.GetTempPath(), "TestResults", "screenshots");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    public static async Task<Browser> LaunchAsync()
    {
        var executable = Environment.GetEnvironmentVariable("RECOVERYWORKER_CHROMIUM") is { Length: > 0 } configured
            ? configured
            : Candidates.FirstOrDefault(File.Exists)
              ?? throw new InvalidOperationException("No chromium found: install it with `apt-get install -y chromium` or set RECOVERYWORKER_CHROMIUM to a Chromium executable.");
        var playwright = await Playwright.CreateAsync();
        var chromium = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            // Containers and CI users often run as root, where Chromium's sandbox cannot start.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        return new Browser(playwright, chromium);
    }

    /// <summary>A fresh profile (no cookies) against <paramref name="baseAddress"/>.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress)
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        return await context.NewPageAsync();
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        await Chromium.DisposeAsync();
        _playwright.Dispose();
    }
}
