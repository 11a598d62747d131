using Microsoft.Playwright;
using Pulse.Sdk.Wallboard.Tests.Support;

namespace Pulse.Sdk.Wallboard.Tests.Scripts;

/// <summary>wwwroot/index.html and app.js: every module loads, and the page starts on its login form when there is no session.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class AppScriptTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task Every_module_loads_in_the_browser()
    {
        await using var page = await ScriptPage.OpenAsync(chromium);
        var modules = new[] { "api", "board", "dom", "editor", "format", "live", "privileges", "thresholds", "values", "widget",
            "widgets/kpi", "widgets/donut", "widgets/grid", "widgets/list", "widgets/chart" };

        foreach (var module in modules)
        {
            var exports = await page.RunAsync($"return Object.keys(await load('{module}')).length;");
            Assert.True(exports.GetInt32() > 0, $"{module}.js exports nothing");
        }
    }

    [Fact]
    public async Task Without_a_session_the_page_shows_the_login_form_and_no_script_error()
    {
        await using var host = await StaticWallboardHost.StartAsync(o => o.Title = "Floor <1>");
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Console += (_, message) => { if (message.Type == "error" && !message.Text.Contains("401")) errors.Add(message.Text); };
        // This host has no Pulse API: the one call the page makes before logging in is answered as the service would without a cookie.
        await page.RouteAsync("**/api/session", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 401, ContentType = "application/json", Body = """{"message":"not authenticated"}""",
        }));

        await page.GotoAsync(host.Address.ToString());

        await Assertions.Expect(page.Locator("#login")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#login input[name=username]")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator(".brand")).ToHaveTextAsync("Floor <1>");
        await Assertions.Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "offline");
        Assert.Empty(errors);
    }
}
