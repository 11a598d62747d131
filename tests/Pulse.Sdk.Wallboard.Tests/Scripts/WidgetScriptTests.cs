using System.Text.Json;
using Pulse.Sdk.Wallboard.Tests.Support;

namespace Pulse.Sdk.Wallboard.Tests.Scripts;

/// <summary>
/// wwwroot/wallboard/widget.js and widgets/*.js: each widget type drawn in Chromium from a layout, a template and
/// values, with names that try to inject markup.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class WidgetScriptTests(ChromiumFixture chromium) : ScriptPageTests(chromium)
{
    // Builds a WidgetView for `type` with three queues (or the objects given), three statistics and thresholds on
    // Waiting (warning 5, critical 10). Shared with BarLineWidgetScriptTests.
    internal const string Setup = """
        const { WidgetView } = await load('widget');
        const { ValueTable } = await load('values');
        const hostile = '<img src=x onerror="window.injected=1">';
        const template = { id: 'T', name: 'Queue KPIs', widgetType: 'Grid', objectType: 'Queue', statistics: [
          { alias: 'Waiting', displayAlias: 'Waiting <b>now</b>', displayFormat: 'Integer', description: hostile },
          { alias: 'LongestWait', displayAlias: 'Longest wait', displayFormat: 'Time' },
          { alias: 'SL', displayAlias: 'Service level', displayFormat: 'Percent' } ] };
        const objects = [{ type: 'Queue', id: 'q1' }, { type: 'Queue', id: 'q2' }, { type: 'Queue', id: 'q3' }];
        const names = new Map([['Queue:q1', hostile], ['Queue:q2', 'Billing'], ['Queue:q3', 'Support']]);
        const values = new ValueTable();
        const v = (id, alias, value) => ({ layout: 'L', object: { type: 'Queue', id }, alias, value, time: new Date().toISOString() });
        values.replace([v('q1', 'Waiting', 12), v('q2', 'Waiting', 7), v('q3', 'Waiting', 1),
          v('q1', 'LongestWait', 75), v('q2', 'LongestWait', 3600), v('q1', 'SL', 91.25)]);
        const draw = (type, extra = {}, api = {}, shown = objects) => {
          const layout = { id: 'L', templateId: 'T', name: `${hostile} ${type}`, objects: shown,
            options: { widgetType: type, 'threshold.Waiting.warning': '5', 'threshold.Waiting.critical': '10', ...extra } };
          const view = new WidgetView({ layout, template, names, values, actions: {}, api });
          document.body.append(view.element);
          window.lastView = view;
          return view.element;
        };
        const injected = (root) => root.querySelectorAll('img, b, script').length + (window.injected ? 1000 : 0);
        """;

    [Fact]
    public async Task Kpi_shows_big_numbers_per_object_with_threshold_levels_and_names_as_text()
    {
        var result = await Page.RunAsync(Setup + """
            const root = draw('Kpi', { aliases: 'Waiting,LongestWait' });
            const tile = (id, alias) => root.querySelector(`[data-object="Queue:${id}"] .tile[data-alias="${alias}"]`);
            return {
              title: root.querySelector('.widget-title').textContent,
              objectName: root.querySelector('[data-object="Queue:q1"] .object-name').textContent,
              label: tile('q1', 'Waiting').querySelector('.tile-label').textContent,
              tiles: root.querySelectorAll('.tile').length,
              q1: [tile('q1', 'Waiting').querySelector('.tile-value').textContent, tile('q1', 'Waiting').dataset.level],
              q2: [tile('q2', 'Waiting').querySelector('.tile-value').textContent, tile('q2', 'Waiting').dataset.level],
              q3: [tile('q3', 'Waiting').querySelector('.tile-value').textContent, tile('q3', 'Waiting').dataset.level],
              wait: tile('q2', 'LongestWait').querySelector('.tile-value').textContent,
              fontPx: parseFloat(getComputedStyle(tile('q1', 'Waiting').querySelector('.tile-value')).fontSize),
              injected: injected(root),
            };
            """);

        Assert.Equal("<img src=x onerror=\"window.injected=1\"> Kpi", result.GetProperty("title").GetString());
        Assert.Equal("<img src=x onerror=\"window.injected=1\">", result.GetProperty("objectName").GetString());
        Assert.Equal("Waiting <b>now</b>", result.GetProperty("label").GetString());
        Assert.Equal(6, result.GetProperty("tiles").GetInt32());   // 3 objects × the 2 aliases asked for
        Assert.Equal("""["12","critical"]""", result.GetProperty("q1").GetRawText());
        Assert.Equal("""["7","warning"]""", result.GetProperty("q2").GetRawText());
        Assert.Equal("""["1","normal"]""", result.GetProperty("q3").GetRawText());
        Assert.Equal("1:00:00", result.GetProperty("wait").GetString());
        Assert.True(result.GetProperty("fontPx").GetDouble() >= 40, "KPI numbers must read from across a room");
        Assert.Equal(0, result.GetProperty("injected").GetInt32());
    }

    [Fact]
    public async Task Grid_has_a_row_per_object_and_a_column_per_statistic()
    {
        var result = await Page.RunAsync(Setup + """
            const root = draw('Grid');
            return {
              head: [...root.querySelectorAll('thead th')].map((th) => th.textContent),
              rows: [...root.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent)),
              level: root.querySelector('tbody tr[data-object="Queue:q1"] td[data-alias="Waiting"]').dataset.level,
              injected: injected(root),
            };
            """);

        Assert.Equal("""["Object","Waiting <b>now</b>","Longest wait","Service level"]""", result.GetProperty("head").GetRawText());
        Assert.Equal(
            """[["<img src=x onerror=\"window.injected=1\">","12","0:01:15","91.3%"],["Billing","7","1:00:00","–"],["Support","1","–","–"]]""",
            result.GetProperty("rows").GetRawText());
        Assert.Equal("critical", result.GetProperty("level").GetString());
        Assert.Equal(0, result.GetProperty("injected").GetInt32());
    }

    [Theory]
    [InlineData("", """["<img src=x onerror=\"window.injected=1\">","Billing","Support"]""")]
    [InlineData("asc", """["Support","Billing","<img src=x onerror=\"window.injected=1\">"]""")]
    public async Task List_sorts_the_objects_by_one_statistic(string sort, string order)
    {
        var result = await Page.RunAsync(Setup + $$"""
            const root = draw('List', { 'list.alias': 'Waiting', 'list.sort': '{{sort}}' });
            return {
              names: [...root.querySelectorAll('.list-name')].map((n) => n.textContent),
              values: [...root.querySelectorAll('.list-value')].map((n) => n.textContent),
              widths: [...root.querySelectorAll('.bar-fill')].map((n) => n.style.width),
              injected: injected(root),
            };
            """);

        Assert.Equal(order, result.GetProperty("names").GetRawText());
        Assert.Contains("100%", result.GetProperty("widths").EnumerateArray().Select(w => w.GetString()));
        Assert.Equal(0, result.GetProperty("injected").GetInt32());
    }

    [Fact]
    public async Task Donut_draws_a_slice_per_nonzero_statistic_and_the_total()
    {
        var result = await Page.RunAsync(Setup + """
            const root = draw('Donut', { aliases: 'Waiting' });
            return {
              donuts: root.querySelectorAll('.donut').length,
              slices: root.querySelectorAll('.donut-slice').length,
              totals: [...root.querySelectorAll('.donut-total')].map((t) => t.textContent),
              legend: root.querySelector('.legend-label').textContent,
              injected: injected(root),
            };
            """);

        Assert.Equal(3, result.GetProperty("donuts").GetInt32());
        Assert.Equal(3, result.GetProperty("slices").GetInt32());
        Assert.Equal("""["12","7","1"]""", result.GetProperty("totals").GetRawText());
        Assert.Equal("Waiting <b>now</b>", result.GetProperty("legend").GetString());
        Assert.Equal(0, result.GetProperty("injected").GetInt32());
    }

    [Fact]
    public async Task A_stale_value_shows_NA_dimmed_with_a_tooltip_in_every_type_and_its_number_again_once_current()
    {
        var result = await Page.RunAsync(Setup + """
            const stale = (id, alias, value) => ({ ...v(id, alias, value), stale: true });
            values.apply([stale('q1', 'Waiting', 12), stale('q2', 'SL', 80)]);
            const look = (node) => ({ text: node.textContent, stale: node.dataset.stale ?? null, title: node.getAttribute('title'),
              level: node.closest('[data-level]')?.dataset.level ?? null, opacity: getComputedStyle(node).opacity });
            const staleCell = look(draw('Grid').querySelector('tr[data-object="Queue:q1"] td[data-alias="Waiting"]'));
            const kpi = draw('Kpi', { aliases: 'Waiting' });
            const staleTile = look(kpi.querySelector('[data-object="Queue:q1"] .tile-value'));
            const list = draw('List', { 'list.alias': 'Waiting' });
            const listRows = [...list.querySelectorAll('.list-row')].map((r) => [r.querySelector('.list-name').textContent, r.querySelector('.list-value').textContent]);
            const staleBar = list.querySelector('[data-object="Queue:q1"] .bar-fill').style.width;
            const staleListValue = look(list.querySelector('[data-object="Queue:q1"] .list-value'));
            const donut = draw('Donut', { aliases: 'Waiting,SL' });
            const donutOf = (id) => donut.querySelector(`.donut[data-object="Queue:${id}"]`);
            const donuts = ['q1', 'q2', 'q3'].map((id) => ({ slices: donutOf(id).querySelectorAll('.donut-slice').length, total: donutOf(id).querySelector('.donut-total').textContent,
              totalStale: donutOf(id).querySelector('.donut-total').dataset.stale ?? null, tooltip: donutOf(id).querySelector('.donut-ring > title')?.textContent ?? null }));
            const staleLegend = look(donutOf('q1').querySelector('.legend-item[data-alias="Waiting"] .legend-value'));

            // The next value of q1's Waiting comes without stale: it is current again.
            const current = v('q1', 'Waiting', 13);
            values.apply([current]);
            const gridView = draw('Grid');
            return { staleCell, staleTile, listRows, staleBar, staleListValue, donuts, staleLegend, currentCell: look(gridView.querySelector('tr[data-object="Queue:q1"] td[data-alias="Waiting"]')) };
            """);

        foreach (var name in new[] { "staleCell", "staleTile", "staleListValue", "staleLegend" })
        {
            var look = result.GetProperty(name);
            Assert.Equal("N/A", look.GetProperty("text").GetString());
            Assert.Equal("true", look.GetProperty("stale").GetString());
            Assert.Equal("stream not current", look.GetProperty("title").GetString());
            Assert.Equal("normal", look.GetProperty("level").GetString());   // 12 is past the critical threshold, but not current
            Assert.True(double.Parse(look.GetProperty("opacity").GetString()!, System.Globalization.CultureInfo.InvariantCulture) < 1, $"{name} is not dimmed");
        }
        // The stale q1 has no bar and sorts with the missing values, last.
        Assert.Equal("""[["Billing","7"],["Support","1"],["<img src=x onerror=\"window.injected=1\">","N/A"]]""", result.GetProperty("listRows").GetRawText());
        Assert.Equal("0%", result.GetProperty("staleBar").GetString());
        // q1: Waiting stale, SL 91.25; q2: Waiting 7, SL stale; q3: Waiting 1, no SL. A stale part has no slice and makes the total N/A.
        Assert.Equal(
            """[{"slices":1,"total":"N/A","totalStale":"true","tooltip":"stream not current"},{"slices":1,"total":"N/A","totalStale":"true","tooltip":"stream not current"},{"slices":1,"total":"1","totalStale":null,"tooltip":null}]""",
            result.GetProperty("donuts").GetRawText());
        var currentCell = result.GetProperty("currentCell");
        Assert.Equal("13", currentCell.GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Null, currentCell.GetProperty("stale").ValueKind);
        Assert.Equal(JsonValueKind.Null, currentCell.GetProperty("title").ValueKind);
        Assert.Equal("critical", currentCell.GetProperty("level").GetString());
        Assert.Equal("1", currentCell.GetProperty("opacity").GetString());
    }

    [Fact]
    public async Task A_grid_cell_shows_NA_for_a_pushed_stale_value_and_the_number_after_a_current_one()
    {
        var result = await Page.RunAsync(Setup + """
            const root = draw('Grid');
            const cell = () => root.querySelector('tr[data-object="Queue:q2"] td[data-alias="Waiting"]');
            const read = () => [cell().textContent, cell().dataset.stale ?? null, cell().getAttribute('title')];
            const before = read();
            const stale = { ...v('q2', 'Waiting', 8), stale: true };
            values.apply([stale]);
            window.lastView.refresh([stale]);
            const during = read();
            const current = v('q2', 'Waiting', 9);
            values.apply([current]);
            window.lastView.refresh([current]);
            return { before, during, after: read() };
            """);

        Assert.Equal("""["7",null,null]""", result.GetProperty("before").GetRawText());
        Assert.Equal("""["N/A","true","stream not current"]""", result.GetProperty("during").GetRawText());
        Assert.Equal("""["9",null,null]""", result.GetProperty("after").GetRawText());
    }

    [Fact]
    public async Task The_line_chart_draws_the_history_and_extends_it_with_live_values()
    {
        var result = await Page.RunAsync(Setup + """
            const asked = [];
            const now = Date.now();
            const api = { history: async (layoutId, query) => {
              asked.push({ layoutId, object: `${query.object.type}:${query.object.id}`, alias: query.alias, resolution: query.resolution,
                minutesBack: Math.round((Date.now() - query.from) / 60000), to: query.to ?? null });
              return [1, 2, 3].map((i) => ({ time: new Date(now - (4 - i) * 60000).toISOString(), value: i * 2 }));
            } };
            const root = draw('Grid', { 'chart.alias': 'Waiting', 'chart.minutes': '10', 'chart.resolution': '1m' }, api);
            const lines = () => [...root.querySelectorAll('.chart-line')].map((l) => l.getAttribute('points').split(' ').length);
            const until = (c) => new Promise((resolve) => { const t = setInterval(() => { if (c()) { clearInterval(t); resolve(); } }, 10); });
            await until(() => lines().length === 3 && lines()[0] === 3);
            const before = lines();
            const live = { layout: 'L', object: { type: 'Queue', id: 'q1' }, alias: 'Waiting', value: 9, time: new Date(now).toISOString() };
            values.apply([live]);
            window.lastView.refresh([live]);
            return { asked, before, after: lines(), caption: root.querySelector('.chart-title').textContent };
            """);

        Assert.Equal("""[3,3,3]""", result.GetProperty("before").GetRawText());
        Assert.Equal("""[4,3,3]""", result.GetProperty("after").GetRawText());
        Assert.Equal(
            """[{"layoutId":"L","object":"Queue:q1","alias":"Waiting","resolution":"1m","minutesBack":10,"to":null},{"layoutId":"L","object":"Queue:q2","alias":"Waiting","resolution":"1m","minutesBack":10,"to":null},{"layoutId":"L","object":"Queue:q3","alias":"Waiting","resolution":"1m","minutesBack":10,"to":null}]""",
            result.GetProperty("asked").GetRawText());
        Assert.Equal("Waiting <b>now</b>, last 10 min", result.GetProperty("caption").GetString());
    }

    [Fact]
    public async Task The_four_types_and_a_chart_fit_side_by_side_on_a_wall_screen()
    {
        var result = await Page.RunAsync(Setup + Board + """
            const now = Date.now();
            const api = { history: async () => Array.from({ length: 30 }, (_, i) => ({ time: new Date(now - (30 - i) * 60000).toISOString(), value: 5 + Math.round(4 * Math.sin(i / 3)) })) };
            for (const [type, extra] of [['Kpi', { aliases: 'Waiting,LongestWait,SL' }], ['Grid', { 'chart.alias': 'Waiting', 'chart.minutes': '30' }], ['List', {}], ['Donut', { aliases: 'Waiting,LongestWait' }]]) onBoard(type, extra, api);
            await new Promise((resolve) => { const t = setInterval(() => { if (board.querySelector('.chart-line')) { clearInterval(t); resolve(); } }, 10); });
            return measure();
            """);

        await AssertFitAndScreenshotAsync(Page, result, 4, "widgets.png");
    }

    // A board (after Setup) that onBoard(type, extra, api) draws widgets on; measure() counts them, the visible ones and
    // those whose content overflows. Shared with BarLineWidgetScriptTests.
    internal const string Board = """
        const board = document.createElement('section');
        board.className = 'board';
        document.body.replaceChildren(board);
        document.body.style.padding = '1rem';
        const onBoard = (type, extra, api) => board.append(draw(type, extra, api));
        const measure = () => {
          const boxes = [...board.children].map((w) => w.getBoundingClientRect());
          const overflowing = [...board.querySelectorAll('.widget')].filter((w) => w.scrollWidth > w.clientWidth + 1).length;
          return { widgets: boxes.length, visible: boxes.filter((b) => b.width > 300 && b.height > 100).length, overflowing };
        };
        """;

    /// <summary>Asserts <paramref name="count"/> widgets all visible, none overflowing, and keeps a full-page screenshot as <paramref name="file"/>.</summary>
    internal static async Task AssertFitAndScreenshotAsync(ScriptPage page, JsonElement measured, int count, string file)
    {
        var path = Path.Combine(ChromiumFixture.ScreenshotFolder(), file);
        await page.Page.ScreenshotAsync(new() { Path = path, FullPage = true });

        Assert.Equal(count, measured.GetProperty("widgets").GetInt32());
        Assert.Equal(count, measured.GetProperty("visible").GetInt32());
        Assert.Equal(0, measured.GetProperty("overflowing").GetInt32());
        Assert.True(new FileInfo(path).Length > 10_000);
    }
}
