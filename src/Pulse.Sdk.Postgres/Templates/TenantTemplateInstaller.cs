using Pulse.Sdk.Metadata;
using Npgsql;
using Pulse.Sdk.Postgres.Metadata;

namespace Pulse.Sdk.Postgres.Templates;

/// <summary>What <see cref="TenantTemplateInstaller.InstallAsync"/> did, by template name.</summary>
/// <param name="Uscn">The uscn of the writes, or null when nothing was written.</param>
/// <param name="Installed">Templates that were not there and now are.</param>
/// <param name="Updated">Templates that differed from the standard ones and were replaced.</param>
/// <param name="Unchanged">Templates already as standard.</param>
/// <param name="Skipped">Templates a user edited or deleted, left as they are.</param>
public sealed record TemplateInstallResult(
    long? Uscn, IReadOnlyList<string> Installed, IReadOnlyList<string> Updated, IReadOnlyList<string> Unchanged, IReadOnlyList<string> Skipped);

/// <summary>
/// The Init Tenant job: installs the out-of-the-box templates of a tenant (<see cref="StandardTemplates"/>).
/// Idempotent (a second run writes nothing and leaves the tenant's uscn as it is); a template a user edited
/// (<see cref="WidgetTemplate.UserEdited"/>) or deleted is left alone unless <c>overwriteEdited</c> is true.
/// Two installers of one tenant at once queue on the tenant's change sequence row.
/// </summary>
public sealed class TenantTemplateInstaller
{
    private readonly PulseMetadataStore _store;

    /// <summary>Creates an installer writing through <paramref name="store"/>.</summary>
    /// <param name="store">The metadata store.</param>
    public TenantTemplateInstaller(PulseMetadataStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <summary>Installs or refreshes the tenant's out-of-the-box templates, in one transaction.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="overwriteEdited">Also replace templates a user edited or deleted (their <c>user_edited</c> flag is cleared).</param>
    /// <param name="cancellationToken">Cancels the job; nothing is written then.</param>
    /// <returns>What was installed, updated, unchanged and skipped.</returns>
    public async Task<TemplateInstallResult> InstallAsync(string tenant, bool overwriteEdited = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        var installed = new List<string>();
        var updated = new List<string>();
        var unchanged = new List<string>();
        var skipped = new List<string>();
        var uscn = await _store.WriteAsync(tenant, async (connection, tx, u, ct) =>
        {
            installed.Clear(); updated.Clear(); unchanged.Clear(); skipped.Clear();
            foreach (var standard in StandardTemplates.For(tenant))
            {
                var rows = await PulseMetadataStore.QueryAsync(connection, tx,
                    "SELECT tenant, id, name, widget_type, object_type, description, statistics::text, user_edited, uscn, deleted FROM pulse_widget_templates WHERE tenant = $1 AND id = $2 FOR UPDATE",
                    PulseMetadataStore.ReadTemplate, ct, tenant, standard.Id).ConfigureAwait(false);
                var current = rows.Count == 0 ? null : rows[0];
                if (current is null) installed.Add(standard.Name);
                else if ((current.UserEdited || current.Deleted) && !overwriteEdited) { skipped.Add(standard.Name); continue; }
                else if (SameContent(current, standard)) { unchanged.Add(standard.Name); continue; }
                else updated.Add(standard.Name);
                await PulseMetadataStore.UpsertTemplateAsync(connection, tx, standard, u, ct).ConfigureAwait(false);
            }
            return installed.Count + updated.Count > 0;
        }, cancellationToken).ConfigureAwait(false);
        return new TemplateInstallResult(uscn, installed, updated, unchanged, skipped);
    }

    private static bool SameContent(WidgetTemplate a, WidgetTemplate b) =>
        !a.Deleted && !a.UserEdited && a.Name == b.Name && a.WidgetType == b.WidgetType && a.ObjectType == b.ObjectType
        && a.Description == b.Description && a.Statistics.SequenceEqual(b.Statistics);
}
