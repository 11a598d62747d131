using Pulse.Sdk.Wallboard.Tests.Support;

namespace Pulse.Sdk.Wallboard.Tests.Scripts;

/// <summary>
/// A Status statistic's display options on the wall (docs/wallboard.md, "Display formats"): a grid and a KPI tile of agent
/// states drawn in Chromium from a template with a status template string and the icon, and one with the defaults.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class StatusDisplayScriptTests(ChromiumFixture chromium) : ScriptPageTests(chromium)
{
    private const string Setup = """
        const { WidgetView } = await load('widget');
        const { ValueTable } = await load('values');
        const template = { id: 'T', name: 'Agents', widgetType: 'Grid', objectType: 'Agent', statistics: [
          { alias: 'State', displayFormat: 'Status',
            statusDisplay: { showStatus: true, showIcon: true, showDuration: true, showMedia: false, showDnd: true, template: '${status} ${media} ${duration}${dnd}' } },
          { alias: 'Plain', displayFormat: 'Status' },
          { alias: 'Aht', displayFormat: 'Number', decimals: 1 } ] };
        const objects = [{ type: 'Agent', id: 'a1' }, { type: 'Agent', id: 'a2' }, { type: 'Agent', id: 'a3' }];
        const names = new Map([['Agent:a1', 'Ann'], ['Agent:a2', 'Bob'], ['Agent:a3', 'Cy']]);
        const values = new ValueTable();
        const v = (id, alias, value, extra = {}) => ({ layout: 'L', object: { type: 'Agent', id }, alias, value, state: null, reason: null, time: new Date().toISOString(), ...extra });
        values.replace([
          v('a1', 'State', 312, { state: 'NotReadyForNextCall', reason: 'Break', media: 'Voice' }),
          v('a2', 'State', 65, { state: 'CallInbound', media: 'Chat' }),
          v('a3', 'State', 9, { state: 'WaitForNextCall', media: 'Voice', stale: true }),
          v('a1', 'Plain', 312, { state: 'NotReadyForNextCall', reason: 'Break', media: 'Voice' }),
          v('a1', 'Aht', 123.456)]);
        const draw = (type) => {
          const layout = { id: 'L', templateId: 'T', name: type, objects, options: { widgetType: type } };
          const view = new WidgetView({ layout, template, names, values, actions: {}, api: {} });
          document.body.append(view.element);
          return view.element;
        };
        """;

    [Fact]
    public async Task A_grid_shows_the_status_template_with_an_icon_of_the_states_class()
    {
        var result = await Page.RunAsync(Setup + """
            const root = draw('Grid');
            const cell = (id, alias) => root.querySelector(`tbody tr[data-object="Agent:${id}"] td[data-alias="${alias}"]`);
            const icon = (id) => cell(id, 'State').querySelector('.status-icon');
            return {
              a1: cell('a1', 'State').textContent, a2: cell('a2', 'State').textContent, a3: cell('a3', 'State').textContent,
              icons: ['a1', 'a2', 'a3'].map((id) => icon(id)?.dataset.statusClass ?? null),
              iconColour: getComputedStyle(icon('a2')).backgroundColor,
              iconSize: icon('a1').getBoundingClientRect().width,
              plain: cell('a1', 'Plain').textContent, plainIcon: cell('a1', 'Plain').querySelectorAll('.status-icon').length,
              aht: cell('a1', 'Aht').textContent,
            };
            """);

        Assert.Equal("Not ready Voice 0:05:12", result.GetProperty("a1").GetString());
        Assert.Equal("Inbound call Chat 0:01:05", result.GetProperty("a2").GetString());
        Assert.Equal("N/A", result.GetProperty("a3").GetString()); // stale: no icon, no state
        Assert.Equal("""["notready","busy",null]""", result.GetProperty("icons").GetRawText());
        Assert.Equal("rgb(96, 165, 250)", result.GetProperty("iconColour").GetString());
        Assert.True(result.GetProperty("iconSize").GetDouble() > 4, "the icon is drawn");
        Assert.Equal("Not ready (Break) 0:05:12", result.GetProperty("plain").GetString());
        Assert.Equal(0, result.GetProperty("plainIcon").GetInt32());
        Assert.Equal("123.5", result.GetProperty("aht").GetString());
    }

    [Fact]
    public async Task A_kpi_tile_shows_the_icon_before_the_text()
    {
        var result = await Page.RunAsync(Setup + """
            const root = draw('Kpi');
            const value = root.querySelector('[data-object="Agent:a1"] .tile[data-alias="State"] .tile-value');
            return [...value.children].map((c) => `${c.className}:${c.dataset.statusClass ?? ''}:${c.textContent}`);
            """);

        Assert.Equal("""["status-icon:notready:","status-text::Not ready Voice 0:05:12"]""", result.GetRawText());
    }
}
