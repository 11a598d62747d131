using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Wallboard.Tests.Support;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Pulse.Sdk.Wallboard.Tests.Browser;

/// <summary>
/// The wallboard in headless Chromium against the real one-process Pulse (<see cref="PulseWallboardHost"/>): log in
/// through the form, open the dashboard, watch a KPI follow the calls the engine is fed, edit, create and expand widgets.
/// Waits are Playwright's auto-waiting assertions (5 s default), never sleeps.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class WallboardEndToEndTests(ChromiumFixture chromium, ITestOutputHelper output) : IAsyncLifetime
{
    private PulseWallboardHost _host = null!;
    private IBrowserContext _context = null!;
    private IPage _page = null!;
    private readonly List<string> _pageErrors = [];

    public async Task InitializeAsync()
    {
        _host = await PulseWallboardHost.StartAsync();
        // A wall screen: 1920 × 1080.
        _context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        _page = await _context.NewPageAsync();
        _page.PageError += (_, error) => _pageErrors.Add(error);
    }

    public async Task DisposeAsync()
    {
        await _context.CloseAsync();
        await _host.DisposeAsync();
    }

    private ILocator Widget(Guid layoutId) => _page.Locator($"article.widget[data-layout=\"{layoutId}\"]");

    private ILocator Tile(Guid layoutId, string alias) => Widget(layoutId).Locator($".tile[data-alias=\"{alias}\"]");

    private async Task LogInAsync(string password = PulseWallboardHost.Password)
    {
        await _page.Locator("#login input[name=username]").FillAsync(PulseWallboardHost.User);
        await _page.Locator("#login input[name=password]").FillAsync(password);
        await _page.Locator("#login button[type=submit]").ClickAsync();
    }

    [Fact]
    public async Task Logs_in_opens_the_dashboard_and_sees_the_kpi_change_as_calls_arrive()
    {
        await _page.GotoAsync(_host.Address.ToString());
        await Expect(_page.Locator("#login")).ToBeVisibleAsync();

        await LogInAsync("not-the-password");
        await Expect(_page.Locator("#login-error")).ToHaveTextAsync("Wrong user name or password.");

        await LogInAsync();
        await Expect(_page.Locator("#login")).ToBeHiddenAsync();
        await Expect(_page.Locator("#user")).ToHaveTextAsync(PulseWallboardHost.User);
        await Expect(_page.Locator($".tab[data-tab=\"{_host.Tab.Id}\"]")).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(Widget(_host.Layout.Id).Locator(".widget-title")).ToHaveTextAsync("Sales queue");
        await Expect(_page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
        var waiting = Tile(_host.Layout.Id, "Waiting");
        await Expect(waiting.Locator(".tile-value")).ToHaveTextAsync("0");
        await Expect(waiting).ToHaveAttributeAsync("data-level", "normal");

        _host.CallsEnter(PulseWallboardHost.SalesDn, 3);
        await Expect(waiting.Locator(".tile-value")).ToHaveTextAsync("3");
        await Expect(waiting).ToHaveAttributeAsync("data-level", "warning");

        _host.CallsEnter(PulseWallboardHost.SalesDn, 4);
        _host.CallsEnter(PulseWallboardHost.SupportDn, 1);   // another queue: not on this widget
        await Expect(waiting.Locator(".tile-value")).ToHaveTextAsync("7");
        await Expect(waiting).ToHaveAttributeAsync("data-level", "critical");
        await Expect(Tile(_host.Layout.Id, "Entered").Locator(".tile-value")).ToHaveTextAsync("7");
        var grid = Widget(_host.Grid.Id);
        await Expect(grid).ToHaveAttributeAsync("data-type", "Grid");
        await Expect(grid.Locator("tr[data-object=\"Queue:q1\"] td[data-alias=\"Waiting\"]")).ToHaveTextAsync("7");
        await Expect(grid.Locator("tr[data-object=\"Queue:q2\"] td[data-alias=\"Waiting\"]")).ToHaveTextAsync("1");
        await Expect(grid.Locator("tr[data-object=\"Queue:q2\"] th")).ToHaveTextAsync("Support");
        // The chart: the service's history of both queues, extended by the pushed values.
        await Expect(grid.Locator(".chart-line")).ToHaveCountAsync(2);
        await Expect(grid.Locator(".chart-note")).ToHaveCountAsync(0);

        var path = Path.Combine(ChromiumFixture.ScreenshotFolder(), "wallboard.png");
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        output.WriteLine($"screenshot: {path}");
        Console.WriteLine($"screenshot: {path}");
        Assert.True(new FileInfo(path).Length > 10_000, "the screenshot is (nearly) empty");
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task A_stale_value_shows_NA_with_its_tooltip_and_the_next_current_value_shows_again()
    {
        await _page.GotoAsync(_host.Address.ToString());
        await LogInAsync();
        await Expect(_page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
        var waiting = Tile(_host.Layout.Id, "Waiting").Locator(".tile-value");
        var cell = Widget(_host.Grid.Id).Locator("tr[data-object=\"Queue:q1\"] td[data-alias=\"Waiting\"]");
        _host.CallsEnter(PulseWallboardHost.SalesDn, 2);
        await Expect(waiting).ToHaveTextAsync("2");

        _host.SendStale("q1", StandardCatalogue.Waiting, 2);
        await Expect(waiting).ToHaveTextAsync("N/A");
        await Expect(waiting).ToHaveAttributeAsync("title", "stream not current");
        await Expect(waiting).ToHaveAttributeAsync("data-stale", "true");
        await Expect(cell).ToHaveTextAsync("N/A");
        await Expect(cell).ToHaveAttributeAsync("title", "stream not current");
        // The other queue's value is current.
        await Expect(Widget(_host.Grid.Id).Locator("tr[data-object=\"Queue:q2\"] td[data-alias=\"Waiting\"]")).ToHaveTextAsync("0");

        _host.CallsEnter(PulseWallboardHost.SalesDn, 1);
        await Expect(waiting).ToHaveTextAsync("3");
        await Expect(waiting).Not.ToHaveAttributeAsync("data-stale", "true");
        await Expect(waiting).Not.ToHaveAttributeAsync("title", "stream not current");
        await Expect(cell).ToHaveTextAsync("3");
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task Bar_and_line_widgets_follow_the_calls_as_they_arrive()
    {
        // A Bar template (the type the service now takes) and a Queue KPIs layout shown as a Line, on a tab of their own.
        var kpis = (await _host.Store.GetTemplateAsync(PulseWallboardHost.Tenant, StandardTemplates.IdFor(PulseWallboardHost.Tenant, "Queue KPIs")))!;
        var barTemplate = await _host.Store.SaveTemplateAsync(kpis with { Id = Guid.NewGuid(), Name = "Queue bars", WidgetType = WidgetType.Bar });
        Task<Layout> SaveAsync(Guid templateId, string name, Dictionary<string, string> options) => _host.Store.SaveLayoutAsync(new Layout
        {
            Id = Guid.NewGuid(), Tenant = PulseWallboardHost.Tenant, TemplateId = templateId, Name = name, Owner = PulseWallboardHost.User,
            Objects = [new LayoutObject(ObjectType.Queue, "q1"), new LayoutObject(ObjectType.Queue, "q2")],
            Options = new Dictionary<string, string>(options) { ["aliases"] = "Waiting", ["threshold.Waiting.warning"] = "2", ["threshold.Waiting.critical"] = "5" },
        });
        var bars = await SaveAsync(barTemplate.Id, "Waiting per queue", new() { ["bar.orientation"] = "vertical" });
        var line = await SaveAsync(kpis.Id, "Waiting over time", new() { ["widgetType"] = "Line" });
        var tab = await _host.Store.SaveTabAsync(new Tab { Id = Guid.NewGuid(), Tenant = PulseWallboardHost.Tenant, Owner = PulseWallboardHost.User, Name = "Charts", LayoutIds = [bars.Id, line.Id] });

        await _page.GotoAsync($"{_host.Address}#tab={tab.Id}");
        await LogInAsync();
        await Expect(_page.Locator($".tab[data-tab=\"{tab.Id}\"]")).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(_page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
        await Expect(Widget(bars.Id)).ToHaveAttributeAsync("data-type", "Bar");
        await Expect(Widget(line.Id)).ToHaveAttributeAsync("data-type", "Line");
        ILocator BarOf(string queue) => Widget(bars.Id).Locator($".bar-group[data-object=\"Queue:{queue}\"]");
        await Expect(BarOf("q1").Locator(".bar-value")).ToHaveTextAsync("0");
        await Expect(BarOf("q2").Locator(".bar-name")).ToHaveTextAsync("Support");
        await Expect(Widget(line.Id).Locator(".chart-line")).ToHaveCountAsync(2);
        await Expect(Widget(line.Id).Locator(".chart-threshold")).ToHaveCountAsync(2);
        await Expect(Widget(line.Id).Locator(".chart-note")).ToHaveCountAsync(0);

        _host.CallsEnter(PulseWallboardHost.SalesDn, 3);
        _host.CallsEnter(PulseWallboardHost.SupportDn, 6);
        await Expect(BarOf("q1").Locator(".bar-value")).ToHaveTextAsync("3");
        await Expect(BarOf("q1").Locator(".bar-rect")).ToHaveAttributeAsync("data-level", "warning");
        await Expect(BarOf("q2").Locator(".bar-value")).ToHaveTextAsync("6");
        await Expect(BarOf("q2").Locator(".bar-rect")).ToHaveAttributeAsync("data-level", "critical");
        await Expect(Widget(bars.Id).Locator(".bar-svg")).ToHaveAttributeAsync("aria-label", "Sales: Waiting 3; Support: Waiting 6");
        var legend = Widget(line.Id).Locator(".legend-item[data-series]");
        await Expect(legend).ToHaveTextAsync(["Sales3", "Support6"]);
        await Expect(legend.Nth(1)).ToHaveAttributeAsync("data-level", "critical");
        // Support's line rose: its last point is above its first (SVG y grows downwards).
        await _page.WaitForFunctionAsync($$"""
            () => {
              const line = document.querySelector('article.widget[data-layout="{{line.Id}}"] .chart-line[data-object="Queue:q2"]');
              const ys = line ? line.getAttribute('points').split(' ').map((p) => Number(p.split(',')[1])) : [];
              return ys.length >= 2 && ys[ys.length - 1] < ys[0];
            }
            """);

        var path = Path.Combine(ChromiumFixture.ScreenshotFolder(), "wallboard-bar-line.png");
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        output.WriteLine($"screenshot: {path}");
        Assert.True(new FileInfo(path).Length > 10_000, "the screenshot is (nearly) empty");
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task Creates_a_widget_from_a_template_edits_its_thresholds_and_expands_it_to_its_own_tab()
    {
        const string hostile = "<img src=x onerror=\"window.injected=1\">";
        await _page.GotoAsync(_host.Address.ToString());
        await LogInAsync();
        await Expect(Widget(_host.Layout.Id)).ToBeVisibleAsync();

        // Create: template, name, object, type.
        await _page.Locator("#add-widget").ClickAsync();
        var dialog = _page.Locator("#editor");
        await dialog.Locator("select[name=templateId]").SelectOptionAsync(new SelectOptionValue { Label = "Queue KPIs (Grid, Queue)" });
        await dialog.Locator("input[name=name]").FillAsync(hostile);
        await dialog.Locator("input[name=object][value=\"Queue:q2\"]").CheckAsync();
        await dialog.Locator("select[name=widgetType]").SelectOptionAsync("List");
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        var layouts = await _host.Store.GetLayoutsAsync(PulseWallboardHost.Tenant);
        var created = Assert.Single(layouts, l => l.Id != _host.Layout.Id && l.Id != _host.Grid.Id);
        Assert.Equal(hostile, created.Name);
        Assert.Equal([new Pulse.Sdk.Metadata.LayoutObject(Pulse.Sdk.Statistics.ObjectType.Queue, "q2")], created.Objects);
        Assert.Equal("List", created.Options["widgetType"]);
        var widget = Widget(created.Id);
        await Expect(widget).ToHaveAttributeAsync("data-type", "List");
        await Expect(widget.Locator(".widget-title")).ToHaveTextAsync(hostile);
        await Expect(widget.Locator(".list-row[data-object=\"Queue:q2\"] .list-name")).ToHaveTextAsync("Support");

        // Edit: show it as a grid of Waiting only, warning at 1.
        await widget.Locator("[data-action=edit]").ClickAsync();
        await dialog.Locator("select[name=widgetType]").SelectOptionAsync("Grid");
        foreach (var alias in await dialog.Locator("input[name=alias]:checked").EvaluateAllAsync<string[]>("inputs => inputs.map((i) => i.value)"))
            if (alias != "Waiting") await dialog.Locator($"input[name=alias][value=\"{alias}\"]").UncheckAsync();
        await dialog.Locator("input[name=\"threshold.Waiting.warning\"]").FillAsync("1");
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ChromiumFixture.ScreenshotFolder(), "wallboard-edit.png") });
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(widget).ToHaveAttributeAsync("data-type", "Grid");
        var cell = widget.Locator("tr[data-object=\"Queue:q2\"] td[data-alias=\"Waiting\"]");
        await Expect(cell).ToHaveTextAsync("0");
        _host.CallsEnter(PulseWallboardHost.SupportDn, 1);
        await Expect(cell).ToHaveTextAsync("1");
        await Expect(cell).ToHaveAttributeAsync("data-level", "warning");
        var saved = await _host.Store.GetLayoutAsync(PulseWallboardHost.Tenant, created.Id);
        Assert.Equal("1", saved!.Options["threshold.Waiting.warning"]);
        Assert.Equal("Waiting", saved.Options["aliases"]);

        // Expand: a tab of its own, opened.
        await widget.Locator("[data-action=expand]").ClickAsync();
        var selected = _page.Locator(".tab[aria-selected=true]");
        await Expect(selected).ToHaveTextAsync(hostile);
        await Expect(_page.Locator("article.widget")).ToHaveCountAsync(1);
        await Expect(Widget(created.Id)).ToBeVisibleAsync();
        var tabs = await _host.Store.GetTabsAsync(PulseWallboardHost.Tenant, PulseWallboardHost.User);
        Assert.Contains(tabs, t => t.LayoutIds.SequenceEqual([created.Id]));
        Assert.Matches(new Regex("#tab=[0-9a-f-]{36}$"), _page.Url);

        Assert.Null(await _page.EvaluateAsync<int?>("() => window.injected ?? null"));
        Assert.Empty(_pageErrors);
    }
}
