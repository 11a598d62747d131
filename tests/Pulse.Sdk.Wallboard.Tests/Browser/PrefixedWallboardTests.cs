using Microsoft.Playwright;
using Pulse.Sdk.Wallboard.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Pulse.Sdk.Wallboard.Tests.Browser;

/// <summary>
/// The wallboard and the API mounted under a route prefix (<c>app.MapGroup("/pulse")</c>) in headless Chromium: the page's
/// scripts call <c>/pulse/api/...</c> and the live push at <c>/pulse/api/live</c>; nothing of Pulse is at the root.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class PrefixedWallboardTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private PulseWallboardHost _host = null!;
    private IBrowserContext _context = null!;

    public async Task InitializeAsync()
    {
        _host = await PulseWallboardHost.StartAsync("/pulse");
        _context = await chromium.Browser.NewContextAsync();
    }

    public async Task DisposeAsync()
    {
        await _context.CloseAsync();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Mounted_under_a_prefix_it_logs_in_and_shows_live_values()
    {
        var page = await _context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        var rootRequests = new List<string>();
        page.Request += (_, request) =>
        {
            if (!new Uri(request.Url).AbsolutePath.StartsWith("/pulse/", StringComparison.Ordinal)) rootRequests.Add(request.Url);
        };

        // Without the trailing slash: redirected to /pulse/, where the page's relative addresses resolve below the prefix.
        await page.GotoAsync(new Uri(_host.Address, "pulse").ToString());
        Assert.EndsWith("/pulse/", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        await page.Locator("#login input[name=username]").FillAsync(PulseWallboardHost.User);
        await page.Locator("#login input[name=password]").FillAsync(PulseWallboardHost.Password);
        await page.Locator("#login button[type=submit]").ClickAsync();
        await Expect(page.Locator("#user")).ToHaveTextAsync(PulseWallboardHost.User);
        await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
        var waiting = page.Locator($"article.widget[data-layout=\"{_host.Layout.Id}\"] .tile[data-alias=\"Waiting\"] .tile-value");
        await Expect(waiting).ToHaveTextAsync("0");

        _host.CallsEnter(PulseWallboardHost.SalesDn, 2);
        await Expect(waiting).ToHaveTextAsync("2");

        var cookie = Assert.Single(await _context.CookiesAsync(), c => c.Name == "pulse_session");
        Assert.Equal("/pulse", cookie.Path);
        // The first request (/pulse) is the only one outside the prefix.
        Assert.Equal([new Uri(_host.Address, "pulse").ToString()], rootRequests);
        Assert.Empty(errors);
    }
}
