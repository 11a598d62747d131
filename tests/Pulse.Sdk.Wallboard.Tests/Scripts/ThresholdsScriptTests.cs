using Pulse.Sdk.Wallboard.Tests.Support;

namespace Pulse.Sdk.Wallboard.Tests.Scripts;

/// <summary>wwwroot/wallboard/thresholds.js: threshold.&lt;alias&gt;.warning|critical to a colour level, run in Chromium.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class ThresholdsScriptTests(ChromiumFixture chromium) : ScriptPageTests(chromium)
{
    [Theory]
    // Higher is worse (critical ≥ warning).
    [InlineData("5", "10", "{ value: 4 }", "normal")]
    [InlineData("5", "10", "{ value: 5 }", "warning")]
    [InlineData("5", "10", "{ value: 10 }", "critical")]
    // Lower is worse (critical < warning), e.g. a service level.
    [InlineData("80", "60", "{ value: 85 }", "normal")]
    [InlineData("80", "60", "{ value: 80 }", "warning")]
    [InlineData("80", "60", "{ value: 59.5 }", "critical")]
    // One threshold only, unusable ones ignored, no thresholds on states.
    [InlineData("3", "", "{ value: 3 }", "warning")]
    [InlineData("", "7", "{ value: 8 }", "critical")]
    [InlineData("abc", "", "{ value: 1000 }", "normal")]
    [InlineData("1", "2", "{ value: 5, state: 'WaitForNextCall' }", "normal")]
    [InlineData("1", "2", "undefined", "normal")]
    public async Task A_value_gets_the_level_its_thresholds_give(string warning, string critical, string value, string level)
    {
        var result = await Page.RunAsync($$"""
            const { levelFor } = await load('thresholds');
            const options = { 'threshold.Waiting.warning': '{{warning}}', 'threshold.Waiting.critical': '{{critical}}', 'threshold.Other.critical': '0' };
            return levelFor(options, 'Waiting', {{value}});
            """);

        Assert.Equal(level, result.GetString());
    }
}
