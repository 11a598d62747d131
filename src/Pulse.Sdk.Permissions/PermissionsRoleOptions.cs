namespace Pulse.Sdk.Permissions;

/// <summary>How often the <see cref="PermissionsRole"/> writes again and retries; <see cref="Validate"/> says what to change.</summary>
public sealed class PermissionsRoleOptions
{
    /// <summary>
    /// How often the role writes every tenant again even without a configuration change (positive), so a store that
    /// lost its data (a Redis restarted without persistence) is filled again. Unchanged tenants cost one read each.
    /// Default 1 minute.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long the role waits before trying again after the store failed (positive). Default 5 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often the role reads the version of the access assigned in Pulse (positive), so an assignment saved by a Pulse
    /// replica reaches the permission store within about this long. One small query each time. Default 1 s.
    /// </summary>
    public TimeSpan AccessPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>What is wrong with these options, one message per problem, each naming the option and what to set; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (RefreshInterval <= TimeSpan.Zero) errors.Add($"PermissionsRoleOptions.RefreshInterval must be positive (e.g. 1 minute), was {RefreshInterval}");
        if (RetryDelay <= TimeSpan.Zero) errors.Add($"PermissionsRoleOptions.RetryDelay must be positive (e.g. 5 s), was {RetryDelay}");
        if (AccessPollInterval <= TimeSpan.Zero) errors.Add($"PermissionsRoleOptions.AccessPollInterval must be positive (e.g. 1 s), was {AccessPollInterval}");
        return errors;
    }
}
