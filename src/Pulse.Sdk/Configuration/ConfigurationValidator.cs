namespace Pulse.Sdk.Configuration;

/// <summary>
/// Checks a configuration for what the engine cannot work with: missing or duplicate ids, unknown
/// time zones, DNs claimed twice, group members that do not exist, bad thresholds, unknown privilege names.
/// </summary>
public static class ConfigurationValidator
{
    /// <summary>Returns every problem found, each naming the tenant, object and field; empty when valid.</summary>
    public static IReadOnlyList<string> Validate(PulseConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();
        var tenantIds = new HashSet<string>(StringComparer.Ordinal);
        var tenants = configuration.Tenants ?? [];
        for (var t = 0; t < tenants.Count; t++)
        {
            var tenant = tenants[t];
            if (tenant is null) { errors.Add($"tenants[{t}]: is null"); continue; }
            var where = $"tenants[{t}] ('{tenant.Id}')";
            if (string.IsNullOrWhiteSpace(tenant.Id)) errors.Add($"tenants[{t}].id: is required");
            else if (!tenantIds.Add(tenant.Id)) errors.Add($"{where}.id: duplicate tenant id");
            if (!TryFindTimeZone(tenant.TimeZone, out _))
                errors.Add($"{where}.timeZone: '{tenant.TimeZone}' is not a known IANA time zone (for example 'Europe/Paris' or 'UTC')");

            var dns = new Dictionary<string, string>(StringComparer.Ordinal);
            void ClaimDn(string? dn, string owner, string field)
            {
                if (string.IsNullOrWhiteSpace(dn)) { errors.Add($"{where} {owner}.{field}: is required"); return; }
                if (!dns.TryAdd(dn, owner)) errors.Add($"{where} {owner}.{field}: DN '{dn}' is already used by {dns[dn]}");
            }

            var agentList = NonNull(tenant.Agents, "agents", where, errors);
            var agents = Ids(tenant.Agents, a => a.Id, "agents", where, errors);
            foreach (var a in agentList)
                foreach (var dn in a.Dns ?? []) ClaimDn(dn, $"agent '{a.Id}'", "dns");
            var agentGroups = NonNull(tenant.AgentGroups, "agentGroups", where, errors);
            Ids(tenant.AgentGroups, g => g.Id, "agentGroups", where, errors);
            foreach (var g in agentGroups)
                foreach (var m in g.Agents ?? [])
                    if (m is null || !agents.Contains(m)) errors.Add($"{where} agentGroup '{g.Id}'.agents: agent '{m}' is not configured");

            // ACD queues and virtual queues share one id space (access lists and queue groups name both).
            var queueList = NonNull(tenant.Queues, "queues", where, errors);
            var virtualQueueList = NonNull(tenant.VirtualQueues, "virtualQueues", where, errors);
            var queues = Ids(tenant.Queues, q => q.Id, "queues", where, errors);
            Ids(tenant.VirtualQueues, q => q.Id, "virtualQueues", where, errors, queues, "queues");
            foreach (var (q, kind) in queueList.Select(q => (q, "queue")).Concat(virtualQueueList.Select(q => (q, "virtual queue"))))
            {
                ClaimDn(q.Dn, $"{kind} '{q.Id}'", "dn");
                if (!(q.ServiceLevelThresholdSeconds >= 0) || double.IsInfinity(q.ServiceLevelThresholdSeconds))
                    errors.Add($"{where} {kind} '{q.Id}'.serviceLevelThresholdSeconds: must be 0 or more (got {q.ServiceLevelThresholdSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
                if (!(q.ShortAbandonThresholdSeconds >= 0) || double.IsInfinity(q.ShortAbandonThresholdSeconds))
                    errors.Add($"{where} {kind} '{q.Id}'.shortAbandonThresholdSeconds: must be 0 or more (got {q.ShortAbandonThresholdSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
            }
            var routePoints = NonNull(tenant.RoutePoints, "routePoints", where, errors);
            Ids(tenant.RoutePoints, r => r.Id, "routePoints", where, errors);
            foreach (var r in routePoints) ClaimDn(r.Dn, $"route point '{r.Id}'", "dn");
            NonNull(tenant.InteractionQueues, "interactionQueues", where, errors);
            Ids(tenant.InteractionQueues, q => q.Id, "interactionQueues", where, errors);
            var queueGroups = NonNull(tenant.QueueGroups, "queueGroups", where, errors);
            Ids(tenant.QueueGroups, g => g.Id, "queueGroups", where, errors);
            foreach (var g in queueGroups)
                foreach (var m in g.Queues ?? [])
                    if (m is null || !queues.Contains(m)) errors.Add($"{where} queueGroup '{g.Id}'.queues: queue '{m}' is not configured");
            var users = NonNull(tenant.Users, "users", where, errors);
            Ids(tenant.Users, u => u.Id, "users", where, errors);
            foreach (var u in users) errors.AddRange(PrivilegeNames.Validate(u, where));
        }
        return errors;
    }

    /// <summary>Throws a <see cref="ConfigurationException"/> listing every problem, prefixed with <paramref name="origin"/> (a file name).</summary>
    public static void ThrowIfInvalid(PulseConfiguration configuration, string origin)
    {
        var errors = Validate(configuration);
        if (errors.Count > 0)
            throw new ConfigurationException($"{origin}: invalid configuration:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors));
    }

    /// <summary>Finds an IANA (or Windows) time zone by id.</summary>
    public static bool TryFindTimeZone(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id)) return false;
        try { zone = TimeZoneInfo.FindSystemTimeZoneById(id); return true; }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException
            // "Europe/" names a directory of the zone database: .NET reports it as a SecurityException.
            or System.Security.SecurityException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            zone = TimeZoneInfo.Utc;
            return false;
        }
    }

    private static List<T> NonNull<T>(IReadOnlyList<T>? items, string kind, string where, List<string> errors) where T : class
    {
        var result = new List<T>(items?.Count ?? 0);
        if (items is null) return result;
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is null) errors.Add($"{where} {kind}[{i}]: is null");
            else result.Add(items[i]);
        }
        return result;
    }

    // Null items (reported by NonNull) are skipped; indexes are those of the configured list.
    private static HashSet<string> Ids<T>(IEnumerable<T>? items, Func<T, string> id, string kind, string where, List<string> errors,
        HashSet<string>? seen = null, string? sharedWith = null)
    {
        seen ??= new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var item in items ?? [])
        {
            if (item is null) { i++; continue; }
            var value = id(item);
            if (string.IsNullOrWhiteSpace(value)) errors.Add($"{where} {kind}[{i}].id: is required");
            else if (!seen.Add(value))
                errors.Add(sharedWith is null
                    ? $"{where} {kind}[{i}].id: duplicate id '{value}'"
                    : $"{where} {kind}[{i}].id: duplicate id '{value}' (ids are shared with {sharedWith})");
            i++;
        }
        return seen;
    }
}
