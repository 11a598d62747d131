using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Tests.Statistics;

public class ActionMaskTests
{
    [Fact]
    public void Parses_names_wildcards_and_exclusions()
    {
        var m = ActionMask.Parse("CallInbound, CallOutbound");
        Assert.True(m.Contains(StatAction.CallInbound));
        Assert.True(m.Contains(StatAction.CallOutbound));
        Assert.False(m.Contains(StatAction.CallInternal));

        var calls = ActionMask.Parse("Call*");
        Assert.True(calls.Contains(StatAction.CallWait));
        Assert.False(calls.Contains(StatAction.LoggedIn));

        var notOut = ActionMask.Parse("~LoggedOut");
        Assert.False(notOut.Contains(StatAction.LoggedOut));
        Assert.True(notOut.Contains(StatAction.LoggedIn));
    }

    [Fact]
    public void Unknown_term_is_named_in_the_error()
    {
        var ex = Assert.Throws<FormatException>(() => ActionMask.Parse("CallAnswered, CallTeleported"));
        Assert.Contains("CallTeleported", ex.Message);
    }
}
