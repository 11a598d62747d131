using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Redis.Permissions;
using Pulse.Sdk.Redis.Tests.Support;
using Pulse.Sdk.Statistics;
using static Pulse.Sdk.Redis.Tests.Permissions.PermissionTestConfig;

namespace Pulse.Sdk.Redis.Tests.Permissions;

public sealed class RedisPermissionsPulseBuilderExtensionsTests
{
    [Fact]
    public async Task The_role_host_writes_what_a_replica_host_reads_and_the_connection_stays_the_hosts()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var prefix = RedisTestEnvironment.UniquePrefix();
        var config = Config(Tenant("t1", User("alice", "ManageTabs", "q1")));

        var roleBuilder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // The role alone: no engine in its process.
        roleBuilder.Services.AddPulseRoles().AddConfiguration(config)
            .AddPermissions(o => o.MaxTabsPerUser = 3)
            .AddPermissionsRole()
            .AddRedisPermissionStore(redis, o => o.KeyPrefix = prefix);
        using (var roleHost = roleBuilder.Build())
        {
            await roleHost.StartAsync();
            Assert.Null(roleHost.Services.GetService<Pulse.Sdk.Engine.DataCollectionUnit>());

            var replica = new ServiceCollection();
            replica.AddPulse().AddConfiguration(config).AddPermissions().AddRedisPermissions(redis, o => o.KeyPrefix = prefix);
            await using (var sp = replica.BuildServiceProvider())
            {
                var evaluator = sp.GetRequiredService<IPermissionEvaluator>();
                Assert.IsType<RedisPermissionEvaluator>(evaluator);
                await EventuallyAsync(async () => await evaluator.GetAsync("t1", "alice") is not null, "the role wrote alice");
                var alice = (await evaluator.GetAsync("t1", "alice"))!;
                Assert.Equal(3, alice.MaxTabs);
                Assert.True(alice.CanSee(new ObjectRef("t1", ObjectType.Queue, "q1")));
            }
            await roleHost.StopAsync();
        }
        Assert.True(redis.IsConnected);
    }

    [Fact]
    public async Task Without_redis_the_in_process_evaluator_answers_from_the_configuration()
    {
        var services = new ServiceCollection();
        services.AddPulse().AddConfiguration(Config(Tenant("t1", User("alice", "ViewDashboard", "q2")))).AddPermissions(o => o.MaxWidgetsPerUser = 2);
        await using var sp = services.BuildServiceProvider();
        var evaluator = sp.GetRequiredService<IPermissionEvaluator>();
        Assert.IsType<ConfigurationPermissionEvaluator>(evaluator);
        Assert.Equal(2, (await evaluator.GetAsync("t1", "alice"))!.MaxWidgets);
    }

    [Fact]
    public async Task Invalid_options_fail_with_what_to_change()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var services = new ServiceCollection();
        services.AddPulseRoles().AddPermissions(o => o.MaxTabsPerUser = 0).AddPermissionsRole(o => o.RefreshInterval = TimeSpan.Zero)
            .AddRedisPermissionStore(redis, o => o.KeyPrefix = "a{b}");
        await using var sp = services.BuildServiceProvider();
        var roleError = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<PermissionsRoleOptions>>().Value);
        Assert.Contains("PermissionsRoleOptions.RefreshInterval must be positive", roleError.Message, StringComparison.Ordinal);
        var redisError = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<RedisPermissionOptions>>().Value);
        Assert.Contains("RedisPermissionOptions.KeyPrefix must be non-empty text without braces or spaces", redisError.Message, StringComparison.Ordinal);
        var capError = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<PermissionOptions>>().Value);
        Assert.Contains("PermissionOptions.MaxTabsPerUser (max_tabs_per_user) must be 1 to 100000", capError.Message, StringComparison.Ordinal);
    }
}
