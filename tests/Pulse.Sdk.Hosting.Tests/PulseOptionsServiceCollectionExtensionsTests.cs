using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Hosting.Tests.Support;
using Pulse.Sdk.Permissions;

namespace Pulse.Sdk.Hosting.Tests;

/// <summary>The one registration of validated options: the options' own messages, all of them, when the host starts.</summary>
public class PulseOptionsServiceCollectionExtensionsTests
{
    private static OptionsValidationException StartupFails(Action<IServiceCollection> setup)
    {
        var services = new ServiceCollection();
        setup(services);
        using var provider = services.BuildServiceProvider();
        // IStartupValidator is what the host runs on start for ValidateOnStart.
        return Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
    }

    [Theory]
    [InlineData(0, 50, "PermissionOptions.MaxTabsPerUser")]
    [InlineData(10, 0, "PermissionOptions.MaxWidgetsPerUser")]
    public void A_permission_cap_out_of_range_fails_at_start_naming_the_setting(int tabs, int widgets, string setting)
    {
        var (sim, _) = TestData.Demo(1);
        var ex = StartupFails(s => s.AddPulseRoles().AddConfiguration(sim.Configuration).AddPermissions(o =>
        {
            o.MaxTabsPerUser = tabs;
            o.MaxWidgetsPerUser = widgets;
        }));
        Assert.StartsWith(setting + " ", Assert.Single(ex.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_failure_is_reported_together_with_the_options_own_messages()
    {
        var ex = StartupFails(s => s.AddValidatedOptions<PermissionOptions>(o =>
        {
            o.MaxTabsPerUser = 0;
            o.MaxWidgetsPerUser = 0;
        }, static o => o.Validate()));
        Assert.Equal(new PermissionOptions { MaxTabsPerUser = 0, MaxWidgetsPerUser = 0 }.Validate(), ex.Failures);
        Assert.Equal(2, ex.Failures.Count());
    }

    [Fact]
    public void A_second_registration_adds_its_configure_and_validates_once()
    {
        var services = new ServiceCollection();
        services.AddValidatedOptions<PermissionOptions>(o => o.MaxTabsPerUser = 7, static o => o.Validate());
        services.AddValidatedOptions<PermissionOptions>(o => o.MaxWidgetsPerUser = 9, static o => o.Validate());
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<PermissionOptions>));
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<PermissionOptions>>().Value;
        Assert.Equal((7, 9), (options.MaxTabsPerUser, options.MaxWidgetsPerUser));
    }
}
