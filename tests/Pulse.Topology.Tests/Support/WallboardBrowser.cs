using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Pulse.Topology.Tests.Support;

/// <summary>
/// A wall screen: headless Debian Chromium (Playwright, no browser download) on the ingress, logged in through the
/// wallboard's form. It waits for a tile of the user's dashboard to show a value and keeps a screenshot in
/// <c>artifacts/screenshots</c>.
/// </summary>
internal static class WallboardBrowser
{
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>
    /// Logs in as <paramref name="user"/> and waits until the tile <paramref name="alias"/> of the widget titled
    /// <paramref name="widget"/> shows <paramref name="expected"/>, on the tab <paramref name="tab"/> (the first one when null).
    /// </summary>
    public static async Task ExpectTileAsync(Uri ingress, string user, string password, string widget, string alias, string expected, string screenshot, Guid? tab = null)
    {
        await using var browser = await LaunchAsync();
        var page = await browser.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        try
        {
            await page.GotoAsync(tab is { } id ? $"{ingress}#tab={id}" : ingress.ToString());
            await page.Locator("#login input[name=username]").FillAsync(user);
            await page.Locator("#login input[name=password]").FillAsync(password);
            await page.Locator("#login button[type=submit]").ClickAsync();
            await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 30_000 });
            await Expect(Tile(page, widget, alias)).ToHaveTextAsync(expected, new() { Timeout = 30_000 });
        }
        finally
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder(), screenshot) });
        }
    }

    /// <summary>
    /// A wall screen with no one to log in: opens the kiosk <paramref name="link"/>, waits until the tile <paramref name="alias"/>
    /// of <paramref name="widget"/> shows <paramref name="expected"/>, then calls <paramref name="revoke"/> and waits until the
    /// screen has ended its session (the login form with its message). Returns the time from the revocation to that.
    /// </summary>
    public static async Task<TimeSpan> ExpectKioskUntilRevokedAsync(Uri ingress, string link, string widget, string alias, string expected, string screenshot,
        Func<Task> revoke)
    {
        await using var browser = await LaunchAsync();
        var page = await browser.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        try
        {
            await page.GotoAsync(new Uri(ingress, link).ToString());
            await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 30_000 });
            await Expect(Tile(page, widget, alias)).ToHaveTextAsync(expected, new() { Timeout = 30_000 });
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder(), screenshot) });
            await revoke();
            var revoked = System.Diagnostics.Stopwatch.StartNew();
            await Expect(page.Locator("#login")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            var took = revoked.Elapsed;
            await Expect(page.Locator("#login-error")).ToHaveTextAsync("Your session has ended; log in again.");
            return took;
        }
        finally
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder(), Path.GetFileNameWithoutExtension(screenshot) + "-revoked.png") });
        }
    }

    /// <summary>
    /// Logs in as <paramref name="user"/>, opens <paramref name="tab"/> and waits until the Bar widget titled
    /// <paramref name="widget"/> draws, for each object, the bar of <paramref name="alias"/> at the expected value.
    /// </summary>
    public static async Task ExpectBarsAsync(Uri ingress, string user, string password, Guid tab, string widget, string alias,
        IReadOnlyDictionary<string, double> expected, string screenshot)
    {
        await using var browser = await LaunchAsync();
        var page = await browser.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        try
        {
            await page.GotoAsync($"{ingress}#tab={tab}");
            await page.Locator("#login input[name=username]").FillAsync(user);
            await page.Locator("#login input[name=password]").FillAsync(password);
            await page.Locator("#login button[type=submit]").ClickAsync();
            await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 30_000 });
            var article = page.Locator("article.widget").Filter(new() { Has = page.Locator(".widget-title", new() { HasTextString = widget }) });
            foreach (var (objectKey, value) in expected)
                await Expect(article.Locator($"g.bar-group[data-object=\"{objectKey}\"] rect.bar-rect[data-alias=\"{alias}\"]"))
                    .ToHaveAttributeAsync("data-value", value.ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 30_000 });
        }
        finally
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder(), screenshot) });
        }
    }

    private static ILocator Tile(IPage page, string widget, string alias) =>
        page.Locator("article.widget").Filter(new() { Has = page.Locator(".widget-title", new() { HasTextString = widget }) })
            .Locator($".tile[data-alias=\"{alias}\"] .tile-value");

    private static async Task<BrowserSession> LaunchAsync()
    {
        if (!File.Exists(Chromium))
            throw new InvalidOperationException($"Chromium is missing at {Chromium}: run 'bash scripts/test.sh' (it installs Debian's chromium)");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
        return new BrowserSession(playwright, browser);
    }

    private sealed record BrowserSession(IPlaywright Playwright, IBrowser Browser) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Browser.DisposeAsync();
            Playwright.Dispose();
        }
    }

    private static string ScreenshotFolder()
    {
        var folder = Path.Combine(TopologyProcesses.RepositoryRoot, "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
