using Npgsql;
using Pulse.Sdk.Postgres.Migrations;
using Pulse.Sdk.Postgres.Templates;

namespace Pulse.Host;

/// <summary>
/// The Init job (<c>init</c>) and the Init Tenant job (<c>init-tenant</c>) of the topology, run once per
/// deployment or tenant: both are idempotent and safe to run twice at once (advisory lock, tenant row lock).
/// </summary>
internal sealed class InitCommand(HostConsole console)
{
    /// <summary>Creates or upgrades the schema; returns the exit code.</summary>
    public Task<int> RunAsync(InitOptions options, CancellationToken cancellationToken = default) =>
        WithDatabaseAsync(options.Postgres, async dataSource =>
        {
            var result = await new PulseSchemaMigrator(dataSource).MigrateAsync(cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync(result.Applied.Count == 0
                ? $"init: schema already at version {result.ToVersion}; nothing to do"
                : $"init: schema version {result.FromVersion} -> {result.ToVersion} (applied {string.Join(", ", result.Applied)})").ConfigureAwait(false);
        });

    /// <summary>Installs the tenant's out-of-the-box templates (the schema is brought up to date first); returns the exit code.</summary>
    public Task<int> RunAsync(InitTenantOptions options, CancellationToken cancellationToken = default) =>
        WithDatabaseAsync(options.Postgres, async dataSource =>
        {
            await new PulseSchemaMigrator(dataSource).MigrateAsync(cancellationToken).ConfigureAwait(false);
            var store = new Pulse.Sdk.Postgres.Metadata.PulseMetadataStore(dataSource);
            var result = await new TenantTemplateInstaller(store).InstallAsync(options.Tenant, options.OverwriteEdited, cancellationToken).ConfigureAwait(false);
            static string List(IReadOnlyList<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);
            await console.Out.WriteLineAsync($"init-tenant {options.Tenant}: installed {List(result.Installed)}; updated {List(result.Updated)}; " +
                $"unchanged {List(result.Unchanged)}; skipped (edited by users) {List(result.Skipped)}").ConfigureAwait(false);
            if (!options.DemoDashboards) return;
            var demo = DemoSite.WithUsers(Pulse.Sdk.Simulation.SimulatorOptions.Demo.BuildConfiguration());
            if (demo.Tenants[0].Id != options.Tenant)
                throw new InvalidOperationException($"--demo-dashboards: the demo users belong to tenant '{demo.Tenants[0].Id}', not '{options.Tenant}'");
            var seeded = await DemoSite.SeedAsync(store, demo).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"init-tenant {options.Tenant}: demo dashboards for {List(seeded)}").ConfigureAwait(false);
        });

    private async Task<int> WithDatabaseAsync(string connectionString, Func<NpgsqlDataSource, Task> job)
    {
        NpgsqlDataSource dataSource;
        try { dataSource = NpgsqlDataSource.Create(connectionString); }
        catch (ArgumentException e)
        {
            await console.Error.WriteLineAsync($"--postgres: the connection string is not valid: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        await using (dataSource.ConfigureAwait(false))
        {
            try
            {
                await job(dataSource).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                // Connection refused, authentication, a newer schema than this code knows: say which and fail.
                await console.Error.WriteLineAsync($"init: {e.GetBaseException().Message}").ConfigureAwait(false);
                return ExitCodes.InputError;
            }
        }
    }
}
