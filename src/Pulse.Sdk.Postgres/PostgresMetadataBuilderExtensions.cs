using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Pulse.Sdk.Diagnostics;
using Pulse.Sdk.Hosting;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Postgres.Diagnostics;
using Pulse.Sdk.Postgres;
using Pulse.Sdk.Postgres.Metadata;
using Pulse.Sdk.Postgres.Migrations;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Postgres.Permissions;
using Pulse.Sdk.Postgres.Planning;
using Pulse.Sdk.Postgres.Templates;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Adds the PostgreSQL metadata adapter to a <see cref="PulseBuilder"/>: <see cref="PulseMetadataStore"/> (also the
/// <see cref="IMetadataStore"/>, replacing one registered before), <see cref="PostgresUserAccessStore"/> (the
/// <see cref="IUserAccessStore"/>, likewise), <see cref="PostgresKioskSessionStore"/> as the <see cref="IKioskSessionStore"/> (likewise),
/// <see cref="PulseSchemaMigrator"/> (the Init job), <see cref="TenantTemplateInstaller"/> (the Init Tenant
/// job), <see cref="LayoutChangeListener"/> (not started) and <see cref="LayoutStatisticsPlanner"/>, all singletons
/// over one <see cref="NpgsqlDataSource"/>. A later call replaces the data source of an earlier one.
/// </summary>
public static class PostgresMetadataBuilderExtensions
{
    /// <summary>Uses a data source created from <paramref name="connectionString"/>, owned and disposed by the container.</summary>
    /// <param name="builder">The Pulse builder.</param>
    /// <param name="connectionString">The Npgsql connection string; validated when the host starts.</param>
    /// <param name="configure">Sets further <see cref="PostgresMetadataOptions"/>; may be null.</param>
    /// <returns>The builder.</returns>
    public static PulseBuilder AddPostgresMetadata(this PulseBuilder builder, string connectionString, Action<PostgresMetadataOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(connectionString);
        return Register(builder, needsConnectionString: true, o => { o.ConnectionString = connectionString; configure?.Invoke(o); },
            static sp => new PulseMetadataDataSource(
                NpgsqlDataSource.Create(sp.GetRequiredService<IOptions<PostgresMetadataOptions>>().Value.ConnectionString!), owned: true));
    }

    /// <summary>Uses a data source the host owns: the container never disposes it.</summary>
    /// <param name="builder">The Pulse builder.</param>
    /// <param name="dataSource">The data source, owned by the caller.</param>
    /// <param name="configure">Sets <see cref="PostgresMetadataOptions"/>; may be null.</param>
    /// <returns>The builder.</returns>
    public static PulseBuilder AddPostgresMetadata(this PulseBuilder builder, NpgsqlDataSource dataSource, Action<PostgresMetadataOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dataSource);
        return Register(builder, needsConnectionString: false, configure, _ => new PulseMetadataDataSource(dataSource, owned: false));
    }

    /// <summary>Uses a data source created by <paramref name="factory"/> (once), owned and disposed by the container.</summary>
    /// <param name="builder">The Pulse builder.</param>
    /// <param name="factory">Creates the data source.</param>
    /// <param name="configure">Sets <see cref="PostgresMetadataOptions"/>; may be null.</param>
    /// <returns>The builder.</returns>
    public static PulseBuilder AddPostgresMetadata(this PulseBuilder builder, Func<IServiceProvider, NpgsqlDataSource> factory, Action<PostgresMetadataOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        return Register(builder, needsConnectionString: false, configure, sp => new PulseMetadataDataSource(
            factory(sp) ?? throw new InvalidOperationException("the NpgsqlDataSource factory given to AddPostgresMetadata returned null; return a data source"), owned: true));
    }

    private static PulseBuilder Register(PulseBuilder builder, bool needsConnectionString, Action<PostgresMetadataOptions>? configure,
        Func<IServiceProvider, PulseMetadataDataSource> dataSource)
    {
        var services = builder.Services;
        services.AddOptions<PostgresMetadataOptions>().ValidateOnStart();
        if (configure is not null) services.Configure(configure);
        services.RemoveAll<IValidateOptions<PostgresMetadataOptions>>();
        services.AddSingleton<IValidateOptions<PostgresMetadataOptions>>(new PostgresMetadataOptionsValidator(needsConnectionString));
        services.RemoveAll<PulseMetadataDataSource>();
        services.AddSingleton(sp =>
        {
            _ = sp.GetRequiredService<IOptions<PostgresMetadataOptions>>().Value; // validates (throws OptionsValidationException)
            return dataSource(sp);
        });
        services.TryAddSingleton(static sp => new PulseMetadataStore(sp.GetRequiredService<PulseMetadataDataSource>().DataSource));
        // The store of the Pulse service too: dashboards live in PostgreSQL, not in the in-memory default.
        services.RemoveAll<IMetadataStore>();
        services.AddSingleton<IMetadataStore>(static sp => sp.GetRequiredService<PulseMetadataStore>());
        // The access assigned in Pulse lives beside the dashboards (the permissions role reads it from here).
        services.RemoveAll<IUserAccessStore>();
        services.AddSingleton<IUserAccessStore>(static sp => new PostgresUserAccessStore(sp.GetRequiredService<PulseMetadataDataSource>().DataSource));
        services.RemoveAll<IKioskSessionStore>();
        services.AddSingleton<IKioskSessionStore>(static sp => new PostgresKioskSessionStore(sp.GetRequiredService<PulseMetadataDataSource>().DataSource));
        services.TryAddSingleton(static sp => new PulseSchemaMigrator(sp.GetRequiredService<PulseMetadataDataSource>().DataSource, sp.GetService<ILogger<PulseSchemaMigrator>>()));
        services.TryAddSingleton(static sp => new TenantTemplateInstaller(sp.GetRequiredService<PulseMetadataStore>()));
        services.TryAddSingleton(static sp => new LayoutChangeListener(sp.GetRequiredService<PulseMetadataDataSource>().DataSource,
            sp.GetRequiredService<IOptions<PostgresMetadataOptions>>().Value.Listener, sp.GetService<ILogger<LayoutChangeListener>>()));
        services.TryAddSingleton(static _ => new LayoutStatisticsPlanner());
        services.TryAddPulseHealthCheck("pulse-postgres-metadata", static sp =>
            new PostgresMetadataHealth(sp.GetRequiredService<PulseMetadataDataSource>().DataSource, sp.GetService<TimeProvider>()));
        return builder;
    }
}
