namespace Pulse.Sdk.Wallboard.Tests.Support;

/// <summary>Base of the test classes that run the wallboard's modules in one <see cref="ScriptPage"/> per test.</summary>
public abstract class ScriptPageTests(ChromiumFixture chromium) : IAsyncLifetime
{
    protected ScriptPage Page { get; private set; } = null!;

    public async Task InitializeAsync() => Page = await ScriptPage.OpenAsync(chromium);

    public async Task DisposeAsync() => await Page.DisposeAsync();
}
