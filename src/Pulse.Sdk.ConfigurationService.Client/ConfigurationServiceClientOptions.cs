namespace Pulse.Sdk.ConfigurationService.Client;

/// <summary>Settings of an <see cref="HttpConfigurationProvider"/>; validated when it starts, each message naming the option and what to set.</summary>
public sealed class ConfigurationServiceClientOptions
{
    /// <summary>The configuration service, for example <c>http://config:8888/</c>. Required.</summary>
    public Uri? Address { get; set; }

    /// <summary>The service's read secret (<c>Authorization: Bearer ...</c>), when its reads need one. Default none.</summary>
    public string? ReadSecret { get; set; }

    /// <summary>
    /// A file the provider keeps a copy of each valid version in (written atomically, in the configuration file format with
    /// a first comment line naming the version), and starts from, with a warning, when the service cannot be reached at
    /// start. Default none: the service must answer at start.
    /// </summary>
    public string? LastKnownGoodPath { get; set; }

    /// <summary>How long one long poll asks the service to wait for a new version (the service may hold it less). Default 30 s.</summary>
    public TimeSpan Wait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a request may take beyond <see cref="Wait"/> before it is given up (and the first load at start). Default 10 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The first wait before asking again after a failed request; doubled after each failure up to <see cref="MaxRetryDelay"/>. Default 500 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between two attempts while the service cannot be reached. Default 30 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock of the retry waits and request timeouts. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The HTTP handler to send requests with (a proxy, TLS settings, a test double); not disposed by the provider. Default: a handler of its own.</summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>Every problem of the options, each saying what to change; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (Address is null)
            failures.Add("ConfigurationServiceClientOptions.Address is not set; give the configuration service's URL, for example http://127.0.0.1:8888/");
        else if (!Address.IsAbsoluteUri || (Address.Scheme != Uri.UriSchemeHttp && Address.Scheme != Uri.UriSchemeHttps))
            failures.Add($"ConfigurationServiceClientOptions.Address '{Address}' is not an absolute http or https URL; give for example http://127.0.0.1:8888/");
        if (ReadSecret is { Length: 0 })
            failures.Add("ConfigurationServiceClientOptions.ReadSecret is empty; give the service's read secret or leave it null");
        if (LastKnownGoodPath is not null && string.IsNullOrWhiteSpace(LastKnownGoodPath))
            failures.Add("ConfigurationServiceClientOptions.LastKnownGoodPath is blank; give a file path or leave it null");
        if (Wait < TimeSpan.Zero || Wait > TimeSpan.FromMinutes(10))
            failures.Add($"ConfigurationServiceClientOptions.Wait is {Wait}; give 0 to 10 minutes (for example 30 s)");
        if (RequestTimeout <= TimeSpan.Zero)
            failures.Add($"ConfigurationServiceClientOptions.RequestTimeout is {RequestTimeout}; give a positive time (for example 10 s)");
        if (RetryDelay <= TimeSpan.Zero)
            failures.Add($"ConfigurationServiceClientOptions.RetryDelay is {RetryDelay}; give a positive time (for example 500 ms)");
        if (MaxRetryDelay < RetryDelay)
            failures.Add($"ConfigurationServiceClientOptions.MaxRetryDelay ({MaxRetryDelay}) is shorter than RetryDelay ({RetryDelay}); give at least RetryDelay");
        if (TimeProvider is null) failures.Add("ConfigurationServiceClientOptions.TimeProvider is null; leave it at TimeProvider.System or give a clock");
        return failures;
    }
}
