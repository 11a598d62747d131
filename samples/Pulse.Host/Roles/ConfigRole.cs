using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.ConfigurationService;
using Pulse.Sdk.Postgres.Migrations;

namespace Pulse.Host.Roles;

/// <summary>
/// The configuration service (<c>AddPulseConfigurationService</c>, port 8888): the configuration in PostgreSQL, versioned,
/// read and changed over HTTP by the other roles and operators (docs/api.md, "Configuration service"). At start it brings
/// the Pulse schema up to date (as <c>init</c> does), then imports <c>--import FILE</c> as a new version, or seeds an empty
/// store with <c>--seed-file FILE</c> or the demo site of <c>--seed N</c> (a store that holds a version is left alone, so
/// the changes made through the API survive a restart). <c>/health</c> and <c>/metrics</c> are on the same port.
/// </summary>
internal static class ConfigRole
{
    public static async Task<int> RunAsync(HostSettings settings, HostConsole console, CancellationToken cancellationToken)
    {
        var postgres = settings.Require("--postgres");
        var adminSecret = Secret(settings, "--config-admin-secret") ?? throw settings.Missing("--config-admin-secret");
        var readSecret = Secret(settings, "--config-read-secret");
        if (readSecret is not null && readSecret == adminSecret)
            throw new UsageException("--config-read-secret: give the readers a secret other than --config-admin-secret");
        var import = settings.Get("--import");
        var seedFile = settings.Get("--seed-file");
        var seed = settings.Get("--seed") is null ? (int?)null : settings.Int("--seed", 1, 0);
        if (new[] { import is not null, seedFile is not null, seed is not null }.Count(x => x) > 1)
            throw new UsageException("--import, --seed-file and --seed: give one (a file to import, or a file or the demo site to seed an empty store with)");
        var bind = settings.Bind();
        var port = settings.Port("--port", 8888);
        var imported = import is null ? null : ConfigurationJson.Load(import);
        var seeding = seedFile is null ? null : ConfigurationJson.Load(seedFile);

        NpgsqlDataSource dataSource;
        try { dataSource = NpgsqlDataSource.Create(postgres); }
        catch (ArgumentException e) { throw new UsageException($"--postgres: the connection string is not valid: {e.Message}"); }
        await using (dataSource.ConfigureAwait(false))
        {
            try
            {
                await new PulseSchemaMigrator(dataSource).MigrateAsync(cancellationToken).ConfigureAwait(false);
                var store = new ConfigurationStore(dataSource);
                if (imported is not null)
                {
                    var result = await store.ReplaceAsync(imported, $"import {Path.GetFileName(import)}", "Pulse.Host config --import", origin: import!,
                        cancellationToken: cancellationToken).ConfigureAwait(false);
                    await console.Out.WriteLineAsync(result.Status == ConfigurationWriteStatus.Written
                        ? $"config: imported {import} as version {result.Version}"
                        : $"config: {import} is version {result.Version} already; nothing imported").ConfigureAwait(false);
                }
                else if (seeding is not null || seed is not null)
                {
                    var (first, what) = seeding is not null ? (seeding, $"seed: {Path.GetFileName(seedFile)}") : (RoleConfiguration.Demo(seed!.Value), $"seed: the demo site of seed {seed}");
                    var result = await store.ReplaceAsync(first, what, seeding is not null ? "Pulse.Host config --seed-file" : "Pulse.Host config --seed",
                        expectedVersion: 0, cancellationToken: cancellationToken).ConfigureAwait(false);
                    await console.Out.WriteLineAsync(result.Status == ConfigurationWriteStatus.Stale
                        ? $"config: the store holds version {result.Version}; seeding fills only an empty store"
                        : $"config: seeded ({what}) as version {result.Version}").ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                await console.Error.WriteLineAsync($"config: {e.GetBaseException().Message}").ConfigureAwait(false);
                return ExitCodes.InputError;
            }
        }

        var builder = RoleHost.CreateBuilder("config", bind, port);
        builder.Services.AddPulseConfigurationService(postgres, o =>
        {
            o.AdminSecret = adminSecret;
            o.ReadSecret = readSecret;
        });
        var app = builder.Build();
        app.MapPulseConfigurationService();
        RoleHost.MapHealthAndMetrics(app, "config");
        return await RoleHost.RunAsync(app, "config", console, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A secret option (16 characters or more), or null when not set; best given as its environment variable.</summary>
    private static string? Secret(HostSettings settings, string option) =>
        settings.Get(option) is { } secret && secret.Length < ConfigurationServiceOptions.MinSecretLength
            ? throw new UsageException($"{option}: give at least {ConfigurationServiceOptions.MinSecretLength} characters (best as the environment variable {HostSettings.EnvironmentVariable(option)})")
            : settings.Get(option);
}
