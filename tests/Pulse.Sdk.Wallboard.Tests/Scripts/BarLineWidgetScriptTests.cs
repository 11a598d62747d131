using System.Text.Json;
using Pulse.Sdk.Wallboard.Tests.Support;

namespace Pulse.Sdk.Wallboard.Tests.Scripts;

/// <summary>
/// wwwroot/wallboard/widgets/bar.js and the Line widget (widget.js over widgets/chart.js) in Chromium, on the layout,
/// template and values of <see cref="WidgetScriptTests.Setup"/>: q1 (a hostile name) Waiting 12, q2 "Billing" 7,
/// q3 "Support" 1; Waiting warning 5, critical 10.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class BarLineWidgetScriptTests(ChromiumFixture chromium) : ScriptPageTests(chromium)
{
    private const string Hostile = "<img src=x onerror=\"window.injected=1\">";

    // The threshold colours and the first two palette colours of wallboard.css, as getComputedStyle gives them.
    private const string Critical = "rgb(248, 113, 113)";
    private const string Warning = "rgb(250, 204, 21)";
    private const string Slice0 = "rgb(56, 189, 248)";
    private const string Slice1 = "rgb(74, 222, 128)";

    // Reads each bar group: its object, tooltip, name, and per bar its value (raw and shown), level, fill and box.
    private const string ReadBars = """
        const vertical = root.querySelector('.bars').dataset.orientation === 'vertical';
        const groups = [...root.querySelectorAll('.bar-group')].map((g) => ({
          object: g.dataset.object,
          tooltip: g.querySelector('title').textContent,
          name: g.querySelector('.bar-name').textContent,
          total: g.querySelector('.bar-total')?.textContent ?? null,
          shown: [...g.querySelectorAll('.bar-value')].map((t) => t.textContent),
          bars: [...g.querySelectorAll('.bar-rect')].map((r) => {
            const b = r.getBBox();
            return { alias: r.dataset.alias, value: r.dataset.value === undefined ? null : Number(r.dataset.value), level: r.dataset.level,
              fill: getComputedStyle(r).fill, length: vertical ? b.height : b.width, start: vertical ? b.y + b.height : b.x, across: vertical ? b.x : b.y };
          }),
        }));
        const aria = root.querySelector('.bar-svg').getAttribute('aria-label');
        """;

    private static JsonElement Bar(JsonElement groups, string objectKey, int index) =>
        groups.EnumerateArray().Single(g => g.GetProperty("object").GetString() == objectKey).GetProperty("bars")[index];

    [Theory]
    [InlineData("horizontal")]
    [InlineData("vertical")]
    public async Task Bar_draws_one_bar_per_object_with_its_value_coloured_by_the_thresholds(string orientation)
    {
        var result = await Page.RunAsync(WidgetScriptTests.Setup + $$"""
            const root = draw('Bar', { aliases: 'Waiting', 'bar.orientation': '{{orientation}}' });
            {{ReadBars}}
            return { type: root.dataset.type, orientation: root.querySelector('.bars').dataset.orientation, groups, aria, injected: injected(root) };
            """);

        Assert.Equal("Bar", result.GetProperty("type").GetString());
        Assert.Equal(orientation, result.GetProperty("orientation").GetString());
        var groups = result.GetProperty("groups");
        Assert.Equal(["Queue:q1", "Queue:q2", "Queue:q3"], groups.EnumerateArray().Select(g => g.GetProperty("object").GetString()));
        Assert.All(groups.EnumerateArray(), g => Assert.Equal(1, g.GetProperty("bars").GetArrayLength()));
        Assert.Equal(["12", "7", "1"], groups.EnumerateArray().Select(g => g.GetProperty("shown")[0].GetString()));
        Assert.Equal([12.0, 7.0, 1.0], groups.EnumerateArray().Select(g => g.GetProperty("bars")[0].GetProperty("value").GetDouble()));
        Assert.Equal(["critical", "warning", "normal"], groups.EnumerateArray().Select(g => g.GetProperty("bars")[0].GetProperty("level").GetString()));
        Assert.Equal([Critical, Warning, Slice0], groups.EnumerateArray().Select(g => g.GetProperty("bars")[0].GetProperty("fill").GetString()));
        Assert.Equal(["Billing", "Support"], groups.EnumerateArray().Skip(1).Select(g => g.GetProperty("name").GetString()));
        // The lengths are proportional to the values, from one common base line.
        var q1 = Bar(groups, "Queue:q1", 0).GetProperty("length").GetDouble();
        Assert.Equal(7.0 / 12, Bar(groups, "Queue:q2", 0).GetProperty("length").GetDouble() / q1, 2);
        Assert.Equal(1.0 / 12, Bar(groups, "Queue:q3", 0).GetProperty("length").GetDouble() / q1, 2);
        Assert.Single(groups.EnumerateArray().Select(g => Math.Round(g.GetProperty("bars")[0].GetProperty("start").GetDouble(), 1)).Distinct());
        // The text alternative: every object with its value, the names as text.
        Assert.Equal($"{Hostile}: Waiting <b>now</b> 12; Billing: Waiting <b>now</b> 7; Support: Waiting <b>now</b> 1", result.GetProperty("aria").GetString());
        Assert.Equal($"{Hostile}: Waiting <b>now</b> 12", groups[0].GetProperty("tooltip").GetString());
        Assert.StartsWith("<img", groups[0].GetProperty("name").GetString());
        Assert.Equal(0, result.GetProperty("injected").GetInt32());
    }

    [Theory]
    [InlineData("horizontal")]
    [InlineData("vertical")]
    public async Task A_stacked_bar_puts_the_statistics_of_an_object_end_to_end_with_their_total(string orientation)
    {
        var result = await Page.RunAsync(WidgetScriptTests.Setup + $$"""
            const root = draw('Bar', { aliases: 'Waiting,LongestWait', 'bar.orientation': '{{orientation}}', 'bar.stacked': 'true' });
            {{ReadBars}}
            return { stacked: root.querySelector('.bars').dataset.stacked, groups, legend: [...root.querySelectorAll('.legend-item')].map((i) => i.textContent), injected: injected(root) };
            """);

        Assert.Equal("true", result.GetProperty("stacked").GetString());
        var groups = result.GetProperty("groups");
        Assert.Equal(["87", "3607", "1"], groups.EnumerateArray().Select(g => g.GetProperty("total").GetString()));
        Assert.Equal("""[[12,75],[7,3600],[1,null]]""",
            JsonSerializer.Serialize(groups.EnumerateArray().Select(g => g.GetProperty("bars").EnumerateArray().Select(b => b.GetProperty("value").ValueKind == JsonValueKind.Null ? (double?)null : b.GetProperty("value").GetDouble()))));
        foreach (var group in groups.EnumerateArray())
        {
            var bars = group.GetProperty("bars");
            // The second segment starts where the first ends, on the same line across.
            var first = bars[0];
            var second = bars[1];
            var end = orientation == "horizontal" ? first.GetProperty("start").GetDouble() + first.GetProperty("length").GetDouble() : first.GetProperty("start").GetDouble() - first.GetProperty("length").GetDouble();
            Assert.Equal(end, second.GetProperty("start").GetDouble(), 1);
            Assert.Equal(first.GetProperty("across").GetDouble(), second.GetProperty("across").GetDouble(), 1);
        }
        // The Waiting segment of q1 is past the critical threshold; Longest wait has none: its palette colour.
        Assert.Equal(Critical, Bar(groups, "Queue:q1", 0).GetProperty("fill").GetString());
        Assert.Equal(Warning, Bar(groups, "Queue:q2", 0).GetProperty("fill").GetString());
        Assert.Equal("normal", Bar(groups, "Queue:q1", 1).GetProperty("level").GetString());
        Assert.Equal(Slice1, Bar(groups, "Queue:q1", 1).GetProperty("fill").GetString());
        // The tallest stack (q2: 3607) fills the value axis; q1's is 87/3607 of it.
        double Stack(string key) => groups.EnumerateArray().Single(g => g.GetProperty("object").GetString() == key).GetProperty("bars").EnumerateArray().Sum(b => b.GetProperty("length").GetDouble());
        Assert.Equal(87.0 / 3607, Stack("Queue:q1") / Stack("Queue:q2"), 3);
        Assert.Equal(["Waiting <b>now</b>", "Longest wait"], result.GetProperty("legend").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(0, result.GetProperty("injected").GetInt32());
    }

    [Fact]
    public async Task Bars_side_by_side_give_each_statistic_of_an_object_its_own_bar_and_value()
    {
        var result = await Page.RunAsync(WidgetScriptTests.Setup + $$"""
            const root = draw('Bar', { aliases: 'Waiting,SL' });
            {{ReadBars}}
            return { groups, injected: injected(root) };
            """);

        var groups = result.GetProperty("groups");
        Assert.Equal(["12 91.3%", "7 –", "1 –"], groups.EnumerateArray().Select(g => string.Join(' ', g.GetProperty("shown").EnumerateArray().Select(t => t.GetString()))));
        var waiting = Bar(groups, "Queue:q1", 0);
        var sl = Bar(groups, "Queue:q1", 1);
        Assert.Equal(waiting.GetProperty("start").GetDouble(), sl.GetProperty("start").GetDouble(), 1);
        Assert.True(sl.GetProperty("across").GetDouble() > waiting.GetProperty("across").GetDouble(), "the second bar of a group is beside the first");
        Assert.Equal(12 / 91.25, waiting.GetProperty("length").GetDouble() / sl.GetProperty("length").GetDouble(), 2);
        Assert.Equal([Critical, Slice1], new[] { waiting, sl }.Select(b => b.GetProperty("fill").GetString()));
        Assert.Equal(0.0, Bar(groups, "Queue:q2", 1).GetProperty("length").GetDouble());
    }

    // A history api: three points a minute apart per object and alias (value: the index × the object's number), recorded.
    private const string History = """
        const asked = [];
        const now = Date.now();
        const api = { history: async (layoutId, query) => {
          asked.push(`${query.object.type}:${query.object.id}/${query.alias}/${query.resolution}/${Math.round((Date.now() - query.from) / 60000)}`);
          const k = Number(query.object.id.slice(1)) + (query.alias === 'LongestWait' ? 10 : 0);
          return [1, 2, 3].map((i) => ({ time: new Date(now - (4 - i) * 60000).toISOString(), value: i * k }));
        } };
        const until = (c) => new Promise((resolve) => { const t = setInterval(() => { if (c()) { clearInterval(t); resolve(); } }, 10); });
        const lines = (root) => [...root.querySelectorAll('.chart-line')].map((l) => `${l.dataset.object}/${l.dataset.alias}:${l.getAttribute('points').split(' ').length}`);
        const legend = (root) => [...root.querySelectorAll('.legend-item')].map((i) => [i.querySelector('.legend-label').textContent, i.querySelector('.legend-value')?.textContent ?? null, i.dataset.level ?? null]);
        const thresholds = (root) => [...root.querySelectorAll('.chart-threshold')].map((l) => ({ level: l.dataset.level, y: Number(l.getAttribute('y1')), title: l.querySelector('title').textContent, stroke: getComputedStyle(l).stroke }));
        """;

    [Fact]
    public async Task A_line_widget_draws_a_line_per_object_from_history_with_thresholds_and_extends_it_with_live_values()
    {
        var result = await Page.RunAsync(WidgetScriptTests.Setup + History + """
            const root = draw('Line', { aliases: 'Waiting,LongestWait', 'chart.minutes': '10', 'chart.resolution': '1m' }, api);
            await until(() => lines(root).length === 3);
            const before = { lines: lines(root), legend: legend(root) };
            const live = v('q2', 'Waiting', 11);
            values.apply([live]);
            window.lastView.refresh([live]);
            return { before, after: { lines: lines(root), legend: legend(root) }, asked, thresholds: thresholds(root), body: root.querySelector('.widget-body').childElementCount,
              caption: root.querySelector('.chart-title').textContent, aria: root.querySelector('.chart-svg').getAttribute('aria-label'), injected: injected(root) };
            """);

        // The first shown statistic (Waiting), one line per object, from the service's history.
        Assert.Equal(["Queue:q1/Waiting/1m/10", "Queue:q2/Waiting/1m/10", "Queue:q3/Waiting/1m/10"], result.GetProperty("asked").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["Queue:q1/Waiting:3", "Queue:q2/Waiting:3", "Queue:q3/Waiting:3"], result.GetProperty("before").GetProperty("lines").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["Queue:q1/Waiting:3", "Queue:q2/Waiting:4", "Queue:q3/Waiting:3"], result.GetProperty("after").GetProperty("lines").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(0, result.GetProperty("body").GetInt32());
        Assert.Equal("Waiting <b>now</b>, last 10 min", result.GetProperty("caption").GetString());
        // The legend: each line's current value in its threshold colour, then the thresholds.
        Assert.Equal(
            """[["<img src=x onerror=\"window.injected=1\">","12","critical"],["Billing","7","warning"],["Support","1","normal"],["warning 5",null,"warning"],["critical 10",null,"critical"]]""",
            result.GetProperty("before").GetProperty("legend").GetRawText());
        Assert.Equal("""["Billing","11","critical"]""", result.GetProperty("after").GetProperty("legend")[1].GetRawText());
        Assert.Equal($"Waiting <b>now</b>, last 10 min: {Hostile} 12, Billing 11, Support 1", result.GetProperty("aria").GetString());
        // The thresholds: dashed horizontal lines in their colours, critical (10) above warning (5).
        var thresholds = result.GetProperty("thresholds");
        Assert.Equal(["warning", "critical"], thresholds.EnumerateArray().Select(t => t.GetProperty("level").GetString()));
        Assert.Equal([Warning, Critical], thresholds.EnumerateArray().Select(t => t.GetProperty("stroke").GetString()));
        Assert.True(thresholds[1].GetProperty("y").GetDouble() < thresholds[0].GetProperty("y").GetDouble());
        Assert.Equal("critical 10", thresholds[1].GetProperty("title").GetString());
        Assert.Equal(0, result.GetProperty("injected").GetInt32());
    }

    [Fact]
    public async Task A_line_widget_of_one_object_draws_a_line_per_statistic_named_by_the_object()
    {
        var result = await Page.RunAsync(WidgetScriptTests.Setup + History + """
            const root = draw('Line', { aliases: 'Waiting,LongestWait', 'chart.resolution': '1s' }, api, [{ type: 'Queue', id: 'q1' }]);
            await until(() => lines(root).length === 2);
            const live = v('q1', 'LongestWait', 80);
            values.apply([live]);
            window.lastView.refresh([live]);
            return { lines: lines(root), asked, legend: legend(root), thresholds: thresholds(root).length,
              caption: root.querySelector('.chart-title').textContent, injected: injected(root) };
            """);

        Assert.Equal(["Queue:q1/Waiting/1s/15", "Queue:q1/LongestWait/1s/15"], result.GetProperty("asked").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["Queue:q1/Waiting:3", "Queue:q1/LongestWait:4"], result.GetProperty("lines").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal($"{Hostile}, last 15 min", result.GetProperty("caption").GetString());
        Assert.Equal(
            """[["Waiting <b>now</b>","12","critical"],["Longest wait","0:01:20","normal"],["Waiting <b>now</b> warning 5",null,"warning"],["Waiting <b>now</b> critical 10",null,"critical"]]""",
            result.GetProperty("legend").GetRawText());
        Assert.Equal(2, result.GetProperty("thresholds").GetInt32());
        Assert.Equal(0, result.GetProperty("injected").GetInt32());
    }

    [Fact]
    public async Task Bars_and_a_line_widget_fit_side_by_side_on_a_wall_screen()
    {
        var result = await Page.RunAsync(WidgetScriptTests.Setup + WidgetScriptTests.Board + History + """
            for (const [type, extra] of [['Bar', { aliases: 'Waiting' }], ['Bar', { aliases: 'Waiting,SL', 'bar.orientation': 'vertical' }],
              ['Bar', { aliases: 'Waiting,LongestWait', 'bar.stacked': 'true' }], ['Bar', { aliases: 'Waiting,LongestWait', 'bar.stacked': 'true', 'bar.orientation': 'vertical' }],
              ['Line', { 'chart.minutes': '5' }]]) onBoard(type, extra, api);
            await until(() => board.querySelectorAll('.chart-line').length === 3);
            return measure();
            """);

        await WidgetScriptTests.AssertFitAndScreenshotAsync(Page, result, 5, "widgets-bar-line.png");
    }
}
