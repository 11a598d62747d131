using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Pulse.Sdk.Postgres.Metadata;
using Pulse.Sdk.Postgres.Migrations;
using Pulse.Sdk.Postgres.Planning;
using Pulse.Sdk.Postgres.Templates;

namespace Pulse.Sdk.Postgres.Tests.DependencyInjection;

public sealed class PostgresMetadataBuilderExtensionsTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    [Fact]
    public async Task A_connection_string_registers_every_service_over_one_data_source_the_container_disposes()
    {
        var services = new ServiceCollection();
        services.AddPulse().AddPostgresMetadata(database.ConnectionString);
        PulseMetadataStore store;
        await using (var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }))
        {
            store = provider.GetRequiredService<PulseMetadataStore>();
            Assert.Same(store.DataSource, provider.GetRequiredService<PulseMetadataStore>().DataSource);
            Assert.Equal(PulseSchema.LatestVersion, await provider.GetRequiredService<PulseSchemaMigrator>().GetVersionAsync());
            var tenant = "t" + Guid.NewGuid().ToString("N")[..12];
            await provider.GetRequiredService<TenantTemplateInstaller>().InstallAsync(tenant);
            Assert.Equal(6, (await store.GetTemplatesAsync(tenant)).Count);
            Assert.NotNull(provider.GetRequiredService<LayoutChangeListener>());
            Assert.NotNull(provider.GetRequiredService<LayoutStatisticsPlanner>());
            // The Pulse service's store is this one, whichever was registered first.
            Assert.Same(store, provider.GetRequiredService<Pulse.Sdk.Metadata.IMetadataStore>());
        }
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.GetUscnAsync("x"));
    }

    [Fact]
    public async Task A_data_source_the_host_owns_is_used_and_never_disposed()
    {
        await using var own = NpgsqlDataSource.Create(database.ConnectionString);
        var services = new ServiceCollection();
        services.AddPulse().AddPostgresMetadata(own);
        await using (var provider = services.BuildServiceProvider())
            Assert.Same(own, provider.GetRequiredService<PulseMetadataStore>().DataSource);

        Assert.Equal(0, await new PulseMetadataStore(own).GetUscnAsync("nobody")); // still usable
    }

    [Fact]
    public async Task A_factory_data_source_is_created_once_and_disposed_with_the_container()
    {
        var created = 0;
        NpgsqlDataSource? made = null;
        var services = new ServiceCollection();
        services.AddPulse().AddPostgresMetadata(_ => { created++; return made = NpgsqlDataSource.Create(database.ConnectionString); });
        await using (var provider = services.BuildServiceProvider())
        {
            Assert.Null(made); // created when first needed
            var store = provider.GetRequiredService<PulseMetadataStore>();
            Assert.Same(made, store.DataSource);
            _ = provider.GetRequiredService<PulseSchemaMigrator>();
        }
        Assert.Equal(1, created);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await made!.OpenConnectionAsync());
    }

    [Theory]
    [InlineData("", "PostgresMetadataOptions.ConnectionString is empty")]
    [InlineData("Port=5432;Database=pulse", "PostgresMetadataOptions.ConnectionString has no Host")]
    [InlineData("Hostt=pg", "PostgresMetadataOptions.ConnectionString is not a valid Npgsql connection string")]
    public void A_bad_connection_string_fails_with_a_message_saying_what_to_set(string connectionString, string message)
    {
        var services = new ServiceCollection();
        services.AddPulse().AddPostgresMetadata(connectionString);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<PulseMetadataStore>());

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains("Host=", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_listener_options_fail_together_with_the_options_named()
    {
        var services = new ServiceCollection();
        services.AddPulse().AddPostgresMetadata(database.DataSource, o =>
        {
            o.Listener.ReconnectDelay = TimeSpan.Zero;
            o.Listener.KeepAlive = TimeSpan.Zero;
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<LayoutChangeListener>());

        // Both problems, in the listener options' own words (not re-worded by the adapter's validator).
        Assert.Equal(
            [
                "LayoutChangeListenerOptions.ReconnectDelay must be positive, was 00:00:00; set for example 200 ms",
                "LayoutChangeListenerOptions.KeepAlive must be positive, was 00:00:00; set for example 30 s",
            ],
            error.Failures);
    }

    [Fact]
    public void Null_arguments_are_refused()
    {
        var builder = new ServiceCollection().AddPulse();
        Assert.Throws<ArgumentNullException>(() => builder.AddPostgresMetadata((string)null!));
        Assert.Throws<ArgumentNullException>(() => builder.AddPostgresMetadata((NpgsqlDataSource)null!));
        Assert.Throws<ArgumentNullException>(() => builder.AddPostgresMetadata((Func<IServiceProvider, NpgsqlDataSource>)null!));
    }

    [Fact]
    public async Task A_web_replica_registered_with_the_service_first_still_reads_PostgreSQL()
    {
        var services = new ServiceCollection();
        services.AddSingleton<Pulse.Sdk.Metadata.IMetadataStore, Pulse.Sdk.Metadata.InMemoryMetadataStore>();
        services.AddSingleton<Pulse.Sdk.Permissions.IUserAccessStore, Pulse.Sdk.Permissions.InMemoryUserAccessStore>();
        services.AddPulseRoles().AddPostgresMetadata(database.ConnectionString);
        await using var provider = services.BuildServiceProvider();
        Assert.IsType<PulseMetadataStore>(provider.GetRequiredService<Pulse.Sdk.Metadata.IMetadataStore>());
        // The access assigned in Pulse lives there too: the permissions role reads it from PostgreSQL.
        Assert.IsType<Pulse.Sdk.Postgres.Permissions.PostgresUserAccessStore>(provider.GetRequiredService<Pulse.Sdk.Permissions.IUserAccessStore>());
    }
}
