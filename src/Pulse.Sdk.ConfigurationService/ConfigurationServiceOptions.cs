namespace Pulse.Sdk.ConfigurationService;

/// <summary>
/// Settings of the configuration service registered by <c>AddPulseConfigurationService(...)</c>; validated when the host
/// starts, each message naming the option and what to set.
/// </summary>
public sealed class ConfigurationServiceOptions
{
    /// <summary>The shortest secret accepted, in characters.</summary>
    public const int MinSecretLength = 16;

    /// <summary>The Npgsql connection string of the store (the database of the Pulse schema, migrated by the Init job). Required.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The bearer secret a change must carry (<c>Authorization: Bearer ...</c>), at least <see cref="MinSecretLength"/>
    /// characters. Required: without it nothing could change the configuration but SQL.
    /// </summary>
    public string? AdminSecret { get; set; }

    /// <summary>
    /// The bearer secret a read must carry (the admin secret is accepted too), at least <see cref="MinSecretLength"/>
    /// characters. Default null: reads are open to whoever reaches the port.
    /// </summary>
    public string? ReadSecret { get; set; }

    /// <summary>The longest a long poll (<c>?wait=</c>) is held before it is answered 304. Default 60 s.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many versions the store keeps (the newest ones); older ones are deleted as new ones are written. Default 100.</summary>
    public int RetainedVersions { get; set; } = 100;

    /// <summary>The largest request body accepted, in bytes. Default 16 MiB.</summary>
    public long MaxRequestBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// How often the service checks the store for a version it was not notified of (a notification is lost only with its
    /// connection, which is then reopened and the store re-read; this is the safety net). Default 30 s.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First wait before reopening the notification connection after it is lost; doubled up to 30 s. Default 200 ms.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Every problem of the options, each saying what to change; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        const string example = "Host=127.0.0.1;Port=5432;Database=pulse;Username=pulse;Password=...";
        if (string.IsNullOrWhiteSpace(ConnectionString))
            failures.Add($"ConfigurationServiceOptions.ConnectionString is empty; set the PostgreSQL connection string (for example \"{example}\")");
        else
        {
            try { _ = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString); }
            catch (ArgumentException e)
            {
                failures.Add($"ConfigurationServiceOptions.ConnectionString is not a valid Npgsql connection string ({e.Message}); write it as key=value pairs, for example \"{example}\"");
            }
        }
        if (string.IsNullOrEmpty(AdminSecret))
            failures.Add($"ConfigurationServiceOptions.AdminSecret is not set; give the secret changes must carry ({MinSecretLength} characters or more)");
        else if (AdminSecret.Length < MinSecretLength)
            failures.Add($"ConfigurationServiceOptions.AdminSecret has {AdminSecret.Length} characters; give {MinSecretLength} or more");
        if (ReadSecret is not null && ReadSecret.Length < MinSecretLength)
            failures.Add($"ConfigurationServiceOptions.ReadSecret has {ReadSecret.Length} characters; give {MinSecretLength} or more, or none for open reads");
        if (ReadSecret is not null && ReadSecret == AdminSecret)
            failures.Add("ConfigurationServiceOptions.ReadSecret equals AdminSecret; give the readers a secret of their own, or none");
        if (MaxWait < TimeSpan.Zero || MaxWait > TimeSpan.FromMinutes(10))
            failures.Add($"ConfigurationServiceOptions.MaxWait is {MaxWait}; give 0 to 10 minutes (for example 60 s)");
        if (RetainedVersions < 1)
            failures.Add($"ConfigurationServiceOptions.RetainedVersions is {RetainedVersions}; keep 1 version or more (for example 100)");
        if (MaxRequestBytes < 1024)
            failures.Add($"ConfigurationServiceOptions.MaxRequestBytes is {MaxRequestBytes}; give 1024 or more (for example 16 MiB)");
        if (PollInterval <= TimeSpan.Zero)
            failures.Add($"ConfigurationServiceOptions.PollInterval is {PollInterval}; give a positive interval (for example 30 s)");
        if (ReconnectDelay <= TimeSpan.Zero)
            failures.Add($"ConfigurationServiceOptions.ReconnectDelay is {ReconnectDelay}; give a positive delay (for example 200 ms)");
        return failures;
    }
}
