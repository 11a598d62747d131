using System.Text.Json;
using Microsoft.Playwright;

namespace Pulse.Sdk.Wallboard.Tests.Support;

/// <summary>
/// A browser page on a host that serves only the wallboard's files, for testing its JavaScript modules one by one
/// (imported with <c>import()</c>) without a Pulse service.
/// </summary>
public sealed class ScriptPage : IAsyncDisposable
{
    private readonly StaticWallboardHost _host;

    private ScriptPage(StaticWallboardHost host, IBrowserContext context, IPage page)
    {
        _host = host;
        Context = context;
        Page = page;
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public static async Task<ScriptPage> OpenAsync(ChromiumFixture chromium)
    {
        var host = await StaticWallboardHost.StartAsync();
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 900 } });
        var page = await context.NewPageAsync();
        // Any HTML document of the host will do (the modules are imported by path); the browser shows a text file
        // in one. The index page is not used: its app would start and look for the Pulse API.
        await page.GotoAsync(new Uri(host.Address, "wallboard/wallboard.css").ToString());
        await page.EvaluateAsync("""
            () => {
              document.body.replaceChildren();
              const css = document.createElement('link');
              css.rel = 'stylesheet';
              css.href = '/wallboard/wallboard.css';
              document.head.append(css);
              return new Promise((resolve) => { css.onload = resolve; });
            }
            """);
        return new ScriptPage(host, context, page);
    }

    /// <summary>Runs an async function body that may use <c>load(name)</c> (imports /wallboard/name.js) and returns a JSON-able value.</summary>
    public async Task<JsonElement> RunAsync(string body)
    {
        var script = "async () => { const load = (name) => import(`/wallboard/${name}.js`);\n" + body + "\n}";
        var json = await Page.EvaluateAsync<string>($"async () => JSON.stringify(await ({script})())");
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        await _host.DisposeAsync();
    }
}
