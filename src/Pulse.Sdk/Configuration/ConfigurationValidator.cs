namespace Pulse.Sdk.Configuration;

/// <summary>
/// Checks a configuration for what the engine cannot work with: missing or duplicate ids, unknown
/// time zones, DNs claimed twice, group members that do not exist, bad thresholds.
/// </summary>
public static class ConfigurationValidator
{
    /// <summary>Returns every problem found, each naming the tenant, object and field; empty when valid.</summary>
    public static IReadOnlyList<string> Validate(PulseConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();
        var tenantIds = new HashSet<string>(StringComparer.Ordinal);
        for (var t = 0; t < configuration.Tenants.Count; t++)
        {
            var tenant = configuration.Tenants[t];
            if (tenant is null) { errors.Add($"tenants[{t}]: is null"); continue; }
            var where = $"tenants[{t}] ('{tenant.Id}')";
            if (string.IsNullOrWhiteSpace(tenant.Id)) errors.Add($"tenants[{t}].id: is required");
            else if (!tenantIds.Add(tenant.Id)) errors.Add($"{where}.id: duplicate tenant id");
            if (!TryFindTimeZone(tenant.TimeZone, out _))
                errors.Add($"{where}.timeZone: '{tenant.TimeZone}' is not a known IANA time zone (for example 'Europe/Paris' or 'UTC')");

            var dns = new Dictionary<string, string>(StringComparer.Ordinal);
            void ClaimDn(string? dn, string owner)
            {
                if (string.IsNullOrWhiteSpace(dn)) { errors.Add($"{where} {owner}.dn: is required"); return; }
                if (!dns.TryAdd(dn, owner)) errors.Add($"{where} {owner}: DN '{dn}' is already used by {dns[dn]}");
            }

            var agents = Ids(tenant.Agents, a => a.Id, "agents", where, errors);
            foreach (var a in tenant.Agents)
                foreach (var dn in a.Dns) ClaimDn(dn, $"agent '{a.Id}'");
            Ids(tenant.AgentGroups, g => g.Id, "agentGroups", where, errors);
            foreach (var g in tenant.AgentGroups)
                foreach (var m in g.Agents)
                    if (!agents.Contains(m)) errors.Add($"{where} agentGroups '{g.Id}'.agents: agent '{m}' is not configured");

            var queues = Ids(tenant.Queues.Concat(tenant.VirtualQueues), q => q.Id, "queues/virtualQueues", where, errors);
            foreach (var q in tenant.Queues.Concat(tenant.VirtualQueues))
            {
                ClaimDn(q.Dn, $"queue '{q.Id}'");
                if (!(q.ServiceLevelThresholdSeconds >= 0)) errors.Add($"{where} queue '{q.Id}'.serviceLevelThresholdSeconds: must be 0 or more");
                if (!(q.ShortAbandonThresholdSeconds >= 0)) errors.Add($"{where} queue '{q.Id}'.shortAbandonThresholdSeconds: must be 0 or more");
            }
            Ids(tenant.RoutePoints, r => r.Id, "routePoints", where, errors);
            foreach (var r in tenant.RoutePoints) ClaimDn(r.Dn, $"route point '{r.Id}'");
            Ids(tenant.InteractionQueues, q => q.Id, "interactionQueues", where, errors);
            Ids(tenant.QueueGroups, g => g.Id, "queueGroups", where, errors);
            foreach (var g in tenant.QueueGroups)
                foreach (var m in g.Queues)
                    if (!queues.Contains(m)) errors.Add($"{where} queueGroups '{g.Id}'.queues: queue '{m}' is not configured");
            Ids(tenant.Users, u => u.Id, "users", where, errors);
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
        catch (TimeZoneNotFoundException) { return false; }
        catch (InvalidTimeZoneException) { return false; }
    }

    private static HashSet<string> Ids<T>(IEnumerable<T> items, Func<T, string> id, string kind, string where, List<string> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var item in items)
        {
            var value = item is null ? null : id(item);
            if (string.IsNullOrWhiteSpace(value)) errors.Add($"{where} {kind}[{i}].id: is required");
            else if (!seen.Add(value)) errors.Add($"{where} {kind}: duplicate id '{value}'");
            i++;
        }
        return seen;
    }
}
