using Pulse.Sdk.Wallboard.Tests.Support;

namespace Pulse.Sdk.Wallboard.Tests.Scripts;

/// <summary>wwwroot/wallboard/format.js: the Pulse display formats, run in Chromium.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class FormatScriptTests(ChromiumFixture chromium) : ScriptPageTests(chromium)
{
    [Theory]
    [InlineData("{ value: 75 }", "Time", "0:01:15")]
    [InlineData("{ value: 36000 }", "Time", "10:00:00")]
    [InlineData("{ value: 3599.9 }", "Time", "0:59:59")]
    [InlineData("{ value: -4 }", "Time", "0:00:00")]
    [InlineData("{ value: 1234.6 }", "Integer", "1235")]
    [InlineData("{ value: 3.14159 }", "Number", "3.14")]
    [InlineData("{ value: 87.26 }", "Percent", "87.3%")]
    [InlineData("{ value: 0 }", "Percent", "0.0%")]
    [InlineData("{ value: 'Sales' }", "String", "Sales")]
    [InlineData("{ value: 312, state: 'NotReadyForNextCall', reason: 'Break' }", "Status", "Not ready (Break) 0:05:12")]
    [InlineData("{ value: 5, state: 'WaitForNextCall' }", "Status", "Ready 0:00:05")]
    [InlineData("{ value: 5, state: 'SomethingNew' }", "Status", "SomethingNew 0:00:05")]
    [InlineData("undefined", "Integer", "–")]
    [InlineData("{ value: 'x' }", "Number", "–")]
    [InlineData("{ value: null }", "Integer", "–")]
    [InlineData("{ value: null }", "Time", "–")]
    [InlineData("{ value: 87.5, stale: true }", "Percent", "N/A")]
    [InlineData("{ value: 312, state: 'NotReadyForNextCall', reason: 'Break', stale: true }", "Status", "N/A")]
    [InlineData("{ value: 87.5, stale: false }", "Percent", "87.5%")]
    [InlineData("{ value: null, error: 'no calls yet' }", "Percent", "⚠")]
    [InlineData("{ value: null, error: 'no calls yet', stale: true }", "Integer", "⚠")]
    [InlineData("{ value: null, text: '00:40:40' }", "Number", "00:40:40")]
    public async Task Values_show_in_their_display_format(string value, string format, string expected)
    {
        var text = await Page.RunAsync($"const {{ formatValue }} = await load('format'); return formatValue({value}, '{format}');");

        Assert.Equal(expected, text.GetString());
    }

    [Fact]
    public async Task A_formula_error_shows_a_warning_sign_with_the_authors_message_as_tooltip()
    {
        var shown = await Page.RunAsync("""
            const { formatValue, markStale } = await load('format');
            const value = { value: null, error: 'no calls yet', stale: true };
            const cell = markStale(document.createElement('td'), value);
            return [formatValue(value, 'Percent'), cell.title, cell.dataset.error, cell.dataset.stale ?? 'absent'].join('|');
            """);

        Assert.Equal("⚠|no calls yet|true|absent", shown.GetString());
    }
}
