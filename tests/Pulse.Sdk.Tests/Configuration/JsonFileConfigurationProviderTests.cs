using Pulse.Sdk.Configuration;

namespace Pulse.Sdk.Tests.Configuration;

public sealed class JsonFileConfigurationProviderTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pulse-config-");
    private readonly string _path;

    public JsonFileConfigurationProviderTests()
    {
        _path = Path.Combine(_dir.FullName, "config.json");
        File.WriteAllText(_path, ConfigTestFiles.Minimal());
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(500);

    private JsonFileConfigurationProvider Manual(CountingTimeProvider clock, Action<ConfigurationException>? onError = null) =>
        new(_path, new JsonFileConfigurationProviderOptions { TimeProvider = clock, DebounceDelay = Debounce, OnReloadError = onError });

    [Fact]
    public void Loads_the_file_at_construction()
    {
        using var provider = new JsonFileConfigurationProvider(_path);
        Assert.Equal("t1", Assert.Single(provider.Current.Tenants).Id);
        Assert.Equal(_path, provider.Path);
        Assert.False(provider.IsWatching);
        Assert.Null(provider.LastReloadError);
    }

    [Fact]
    public void Invalid_file_at_construction_throws()
    {
        File.WriteAllText(_path, ConfigTestFiles.Minimal(threshold: -3));
        var ex = Assert.Throws<ConfigurationException>(() => new JsonFileConfigurationProvider(_path));
        Assert.StartsWith($"{_path}: invalid configuration:", ex.Message);
    }

    [Fact]
    public void Missing_file_at_construction_throws()
    {
        var missing = Path.Combine(_dir.FullName, "nope.json");
        var ex = Assert.Throws<ConfigurationException>(() => new JsonFileConfigurationProvider(missing));
        Assert.StartsWith(missing, ex.Message);
    }

    [Fact]
    public void Reload_with_a_valid_change_raises_Changed_with_the_new_configuration()
    {
        using var provider = new JsonFileConfigurationProvider(_path);
        var seen = new List<PulseConfiguration>();
        provider.Changed += seen.Add;

        File.WriteAllText(_path, ConfigTestFiles.Minimal(queueDn: "8100", threshold: 45));
        Assert.True(provider.Reload());

        var changed = Assert.Single(seen);
        Assert.Same(changed, provider.Current);
        Assert.Equal("8100", changed.Tenants[0].Queues[0].Dn);
        Assert.Equal(45, changed.Tenants[0].Queues[0].ServiceLevelThresholdSeconds);
        Assert.Null(provider.LastReloadError);
    }

    [Fact]
    public void Membership_change_is_picked_up_by_reload()
    {
        using var provider = new JsonFileConfigurationProvider(_path);
        PulseConfiguration? changed = null;
        provider.Changed += c => changed = c;

        File.WriteAllText(_path, ConfigTestFiles.Minimal().Replace(
            "\"agents\": [ { \"id\": \"a1\", \"dns\": [\"5001\"] } ],\n      \"agentGroups\": [ { \"id\": \"g1\", \"agents\": [\"a1\"] } ]",
            "\"agents\": [ { \"id\": \"a1\", \"dns\": [\"5001\"] }, { \"id\": \"a2\", \"dns\": [\"5002\"] } ],\n      \"agentGroups\": [ { \"id\": \"g1\", \"agents\": [\"a1\", \"a2\"] } ]",
            StringComparison.Ordinal).ReplaceLineEndings("\n"));
        // Guard against the replacement silently not matching.
        Assert.Contains("\"a2\"", File.ReadAllText(_path));
        provider.Reload();

        Assert.NotNull(changed);
        Assert.Equal(["a1", "a2"], changed.Tenants[0].AgentGroups[0].Agents);
    }

    [Fact]
    public void Reload_of_an_unchanged_file_does_not_raise_Changed()
    {
        using var provider = new JsonFileConfigurationProvider(_path);
        var raised = 0;
        provider.Changed += _ => raised++;
        var before = provider.Current;

        // Same content, different formatting and a comment.
        File.WriteAllText(_path, "// touched\n" + ConfigTestFiles.Minimal().Replace("  ", "\t", StringComparison.Ordinal));
        Assert.True(provider.Reload());

        Assert.Equal(0, raised);
        Assert.Same(before, provider.Current);
    }

    [Fact]
    public void Reload_with_an_invalid_file_keeps_the_old_configuration_and_reports_the_error()
    {
        var reported = new List<ConfigurationException>();
        using var provider = new JsonFileConfigurationProvider(_path) { OnReloadError = reported.Add };
        var raised = 0;
        provider.Changed += _ => raised++;
        var before = provider.Current;

        File.WriteAllText(_path, "{\n  \"tenants\": [\n    { \"id\": \"t1\",\n      \"queues\": [ { \"id\": \"q1\" } ] }\n  ]\n}");
        Assert.False(provider.Reload());

        Assert.Same(before, provider.Current);
        Assert.Equal(0, raised);
        var error = Assert.Single(reported);
        Assert.Same(error, provider.LastReloadError);
        Assert.Equal($"{_path}:4: $.tenants[0].queues[0].dn: required property is missing", error.Message);
    }

    [Fact]
    public void Reload_with_a_validation_error_keeps_the_old_configuration()
    {
        using var provider = new JsonFileConfigurationProvider(_path);
        var before = provider.Current;

        File.WriteAllText(_path, ConfigTestFiles.Minimal(queueDn: "5001"));
        Assert.False(provider.Reload());

        Assert.Same(before, provider.Current);
        Assert.Contains("queue 'q1'.dn: DN '5001' is already used by agent 'a1'", provider.LastReloadError!.Message);
    }

    [Fact]
    public void Deleted_file_keeps_the_old_configuration()
    {
        using var provider = new JsonFileConfigurationProvider(_path);
        var before = provider.Current;
        File.Delete(_path);

        Assert.False(provider.Reload());

        Assert.Same(before, provider.Current);
        Assert.StartsWith($"{_path}: cannot read the configuration file", provider.LastReloadError!.Message);
    }

    [Fact]
    public void A_good_reload_after_a_bad_one_clears_the_error_and_applies()
    {
        using var provider = new JsonFileConfigurationProvider(_path);
        var seen = new List<PulseConfiguration>();
        provider.Changed += seen.Add;

        File.WriteAllText(_path, "{ not json");
        Assert.False(provider.Reload());
        Assert.NotNull(provider.LastReloadError);

        File.WriteAllText(_path, ConfigTestFiles.Minimal(queueDn: "8200"));
        Assert.True(provider.Reload());

        Assert.Null(provider.LastReloadError);
        Assert.Equal("8200", Assert.Single(seen).Tenants[0].Queues[0].Dn);
    }

    [Fact]
    public void Debounce_coalesces_a_burst_into_one_reload()
    {
        var clock = new CountingTimeProvider();
        using var provider = Manual(clock);
        var seen = new List<PulseConfiguration>();
        provider.Changed += seen.Add;

        File.WriteAllText(_path, ConfigTestFiles.Minimal(queueDn: "8300"));
        provider.ScheduleReload();
        clock.Advance(TimeSpan.FromMilliseconds(300));
        provider.ScheduleReload();
        clock.Advance(TimeSpan.FromMilliseconds(300));
        provider.ScheduleReload();
        clock.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Empty(seen); // still inside the quiet period of the last notification

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("8300", Assert.Single(seen).Tenants[0].Queues[0].Dn);
        Assert.Equal(1, clock.CreatedTimers);

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Single(seen); // nothing more without a new notification
    }

    [Fact]
    public void Debounced_reload_of_an_invalid_file_reports_through_the_callback()
    {
        var clock = new CountingTimeProvider();
        var reported = new List<ConfigurationException>();
        using var provider = Manual(clock, reported.Add);
        var before = provider.Current;

        File.WriteAllText(_path, "{ \"tenants\": [ { \"id\": \"t1\", \"timeZone\": \"Europe/Pariss\" } ] }");
        provider.ScheduleReload();
        clock.Advance(Debounce);

        Assert.Same(before, provider.Current);
        Assert.Contains("timeZone: 'Europe/Pariss' is not a known IANA time zone", Assert.Single(reported).Message);
    }

    [Fact]
    public void A_throwing_Changed_handler_on_the_timer_is_reported_not_thrown()
    {
        var clock = new CountingTimeProvider();
        var reported = new List<ConfigurationException>();
        using var provider = Manual(clock, reported.Add);
        provider.Changed += _ => throw new InvalidOperationException("handler bug");

        File.WriteAllText(_path, ConfigTestFiles.Minimal(queueDn: "8400"));
        provider.ScheduleReload();
        clock.Advance(Debounce); // must not throw

        Assert.Equal("8400", provider.Current.Tenants[0].Queues[0].Dn);
        var error = Assert.Single(reported);
        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Null(provider.LastReloadError);
    }

    [Fact]
    public void After_dispose_notifications_are_ignored_and_Reload_throws()
    {
        var clock = new CountingTimeProvider();
        var provider = Manual(clock);
        var raised = 0;
        provider.Changed += _ => raised++;
        provider.ScheduleReload();
        provider.Dispose();

        File.WriteAllText(_path, ConfigTestFiles.Minimal(queueDn: "8500"));
        provider.ScheduleReload();
        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(0, raised);
        Assert.Equal("8001", provider.Current.Tenants[0].Queues[0].Dn);
        Assert.Throws<ObjectDisposedException>(() => provider.Reload());
        provider.Dispose(); // idempotent
    }

    [Theory]
    [InlineData("config.json", true)]
    [InlineData("..data", true)]             // Kubernetes ConfigMap volume swapping its link
    [InlineData("..2026_01_05_08_00.123", true)]
    [InlineData("other.json", false)]
    [InlineData("config.json.swp", false)]
    [InlineData(null, false)]
    public void Watcher_reacts_to_the_file_and_to_configmap_swaps(string? name, bool relevant)
    {
        Assert.Equal(relevant, JsonFileConfigurationProvider.IsRelevant(name, "config.json"));
    }

    [Fact]
    public async Task Watching_reloads_after_the_file_changes()
    {
        var changed = new TaskCompletionSource<PulseConfiguration>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var provider = new JsonFileConfigurationProvider(_path, new JsonFileConfigurationProviderOptions
        {
            Watch = true,
            DebounceDelay = TimeSpan.FromMilliseconds(20),
        });
        Assert.True(provider.IsWatching);
        provider.Changed += c => changed.TrySetResult(c);

        File.WriteAllText(_path, ConfigTestFiles.Minimal(queueDn: "8600"));

        // Completes as soon as the watcher's reload lands; the timeout only bounds a failure.
        var result = await changed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("8600", result.Tenants[0].Queues[0].Dn);
    }
}
