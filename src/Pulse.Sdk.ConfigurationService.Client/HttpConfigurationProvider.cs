using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pulse.Sdk.Configuration;

namespace Pulse.Sdk.ConfigurationService.Client;

/// <summary>
/// The configuration of a process from the configuration service (docs/api.md, "Configuration service"). It loads the
/// newest version at start (<see cref="StartAsync"/>), then long-polls for the next one and raises <see cref="Changed"/>
/// once for each new version whose content differs. A version that is not a valid configuration is refused with the
/// configuration file's messages and the previous one stays in effect. A failed request is retried after a wait that
/// doubles up to <see cref="ConfigurationServiceClientOptions.MaxRetryDelay"/>. Each valid version is also written to
/// <see cref="ConfigurationServiceClientOptions.LastKnownGoodPath"/>, which a start uses, with a warning, when the service
/// cannot be reached.
/// </summary>
public sealed partial class HttpConfigurationProvider : IPulseConfigurationProvider, IAsyncDisposable, IDisposable
{
    private readonly ConfigurationServiceClientOptions _options;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private readonly Uri _configurationUri;
    private readonly CancellationTokenSource _stop = new();
    private PulseConfiguration _current = PulseConfiguration.Empty;
    private string _currentJson = "";
    private long _version;
    private long _seen;
    private long _retryingIn;
    private string? _lastError;
    private Task _loop = Task.CompletedTask;
    private int _disposed;

    private HttpConfigurationProvider(ConfigurationServiceClientOptions options, ILogger? logger)
    {
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        var address = options.Address!.AbsoluteUri.EndsWith('/') ? options.Address : new Uri(options.Address.AbsoluteUri + "/");
        Address = address;
        _configurationUri = new Uri(address, "config/v1/configuration");
        _http = options.HttpHandler is { } handler
            ? new HttpClient(handler, disposeHandler: false)
            : new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), ConnectTimeout = options.RequestTimeout });
        _http.Timeout = Timeout.InfiniteTimeSpan; // each request has its own deadline, on the options' clock
        if (options.ReadSecret is { } secret) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
    }

    /// <summary>The configuration service (with a trailing slash).</summary>
    public Uri Address { get; }

    /// <inheritdoc />
    public PulseConfiguration Current => Volatile.Read(ref _current);

    /// <summary>The version in effect; 0 when the provider started from a last-known-good copy that does not say its version.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Whether <see cref="Current"/> comes from the last-known-good copy, not yet from the service.</summary>
    public bool FromLastKnownGood { get; private set; }

    /// <summary>Why the last request or the last version was not taken (unreachable, an error status, an invalid version); null after a good answer.</summary>
    public string? LastError => Volatile.Read(ref _lastError);

    /// <summary>
    /// Raised after <see cref="Current"/> has changed, once per new version whose content differs, on the provider's
    /// background task; an exception thrown by a handler is logged and does not stop the provider.
    /// </summary>
    public event Action<PulseConfiguration>? Changed;

    /// <summary>
    /// Loads the newest version (or, when the service cannot be reached and a last-known-good copy exists, that copy) and
    /// starts following the service's changes in the background.
    /// </summary>
    /// <param name="options">The service's address and the client's settings.</param>
    /// <param name="logger">Logs changes, refusals, losses of the service and the use of the last-known-good copy; may be null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The provider, following the service until disposed.</returns>
    /// <exception cref="ArgumentException">The options are invalid; the message says what to change.</exception>
    /// <exception cref="ConfigurationException">
    /// The service refused the secret, or it cannot be reached (or holds no valid configuration) and there is no usable
    /// last-known-good copy; the message names the URL and the reason.
    /// </exception>
    public static async Task<HttpConfigurationProvider> StartAsync(ConfigurationServiceClientOptions options, ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        OptionsValidation.ThrowIfInvalid(options.Validate(), nameof(options));
        var provider = new HttpConfigurationProvider(options, logger);
        try
        {
            await provider.LoadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            provider._http.Dispose();
            provider._stop.Dispose();
            throw;
        }
        ConfigurationClientMetrics.Register(provider);
        provider._loop = Task.Run(() => provider.FollowAsync(provider._stop.Token), CancellationToken.None);
        return provider;
    }

    /// <summary>Stops following the service. <see cref="Current"/> stays readable; <see cref="Changed"/> is no longer raised.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _stop.CancelAsync().ConfigureAwait(false);
        try { await _loop.ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        ConfigurationClientMetrics.Unregister(this);
        _http.Dispose();
        _stop.Dispose();
    }

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        string reason;
        try
        {
            var answer = await FetchAsync(after: null, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            if (answer.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                throw new ConfigurationException($"{_configurationUri}: the configuration service refused the read secret ({(int)answer.Status}: {answer.Error}); give its read secret");
            if (answer.Status == HttpStatusCode.OK)
            {
                var (version, configuration, error) = Parse(answer.Body!);
                if (configuration is not null)
                {
                    Apply(version, configuration, raise: false);
                    ConfigurationClientLog.Loaded(_logger, version, Address);
                    return;
                }
                reason = error!;
            }
            else reason = $"HTTP {(int)answer.Status}: {answer.Error}";
        }
        catch (Exception e) when (IsUnreachable(e, cancellationToken))
        {
            reason = Describe(e);
        }

        if (_options.LastKnownGoodPath is not { } path)
            throw new ConfigurationException($"{_configurationUri}: cannot load the configuration: {reason}; and there is no last-known-good copy (set a file for it to start while the service is down)");
        if (!File.Exists(path))
            throw new ConfigurationException($"{_configurationUri}: cannot load the configuration: {reason}; and the last-known-good copy {path} does not exist yet");
        PulseConfiguration copy;
        try
        {
            copy = ConfigurationJson.Load(path);
        }
        catch (ConfigurationException e)
        {
            throw new ConfigurationException($"{_configurationUri}: cannot load the configuration: {reason}; and the last-known-good copy is not usable: {e.Message}", e);
        }
        var copyVersion = ReadCopyVersion(path);
        FromLastKnownGood = true;
        Volatile.Write(ref _lastError, reason);
        SetCurrent(copyVersion, copy, ConfigurationJson.Serialize(copy));
        ConfigurationClientLog.StartedFromCopy(_logger, Address, reason, path, copyVersion);
    }

    private async Task FollowAsync(CancellationToken stop)
    {
        var delay = _options.RetryDelay;
        while (!stop.IsCancellationRequested)
        {
            bool ok;
            try
            {
                ok = await PollAsync(stop).ConfigureAwait(false);
            }
            catch (Exception e) when (IsUnreachable(e, stop))
            {
                ok = false;
                Failed(Describe(e));
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            if (ok)
            {
                delay = _options.RetryDelay;
                continue;
            }
            try
            {
                await WaitBeforeRetryAsync(delay, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
        }
    }

    /// <summary>The retry wait in progress (zero when none): set once its timer exists, so a test can move its clock past it.</summary>
    internal TimeSpan RetryingIn => TimeSpan.FromTicks(Interlocked.Read(ref _retryingIn));

    private async Task WaitBeforeRetryAsync(TimeSpan delay, CancellationToken stop)
    {
        var elapsed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var timer = _options.TimeProvider.CreateTimer(static s => ((TaskCompletionSource)s!).TrySetResult(), elapsed, delay, Timeout.InfiniteTimeSpan);
        await using (timer.ConfigureAwait(false))
        {
            Interlocked.Exchange(ref _retryingIn, delay.Ticks);
            try
            {
                await elapsed.Task.WaitAsync(stop).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Exchange(ref _retryingIn, 0);
            }
        }
    }

    /// <summary>One long poll; false when it failed (the caller waits before the next).</summary>
    private async Task<bool> PollAsync(CancellationToken stop)
    {
        var answer = await FetchAsync(Interlocked.Read(ref _seen), _options.Wait, stop).ConfigureAwait(false);
        if (answer.Status == HttpStatusCode.NotModified)
        {
            // The store went back (restored from a backup, recreated): take its newest version as the next one.
            if (answer.ETagVersion is { } newest && newest < Interlocked.Read(ref _seen))
            {
                ConfigurationClientLog.WentBack(_logger, Address, newest, Interlocked.Read(ref _seen));
                Interlocked.Exchange(ref _seen, newest - 1);
            }
            Recovered();
            return true;
        }
        if (answer.Status != HttpStatusCode.OK)
        {
            Failed($"HTTP {(int)answer.Status}: {answer.Error}");
            return false;
        }
        var (version, configuration, error) = Parse(answer.Body!);
        Recovered();
        if (version <= Interlocked.Read(ref _seen)) return true;
        Interlocked.Exchange(ref _seen, version);
        if (configuration is null)
        {
            Volatile.Write(ref _lastError, error);
            ConfigurationClientMetrics.Reloaded("invalid");
            ConfigurationClientLog.Refused(_logger, version, Address, Version, error);
            return true;
        }
        Apply(version, configuration, raise: true);
        return true;
    }

    private void Apply(long version, PulseConfiguration configuration, bool raise)
    {
        var json = ConfigurationJson.Serialize(configuration);
        var changed = !string.Equals(json, _currentJson, StringComparison.Ordinal);
        Interlocked.Exchange(ref _seen, Math.Max(version, Interlocked.Read(ref _seen)));
        SetCurrent(version, configuration, json);
        FromLastKnownGood = false;
        Volatile.Write(ref _lastError, null);
        WriteCopy(version, json);
        if (!raise) return;
        ConfigurationClientMetrics.Reloaded(changed ? "applied" : "unchanged");
        if (!changed) return;
        ConfigurationClientLog.Applied(_logger, version, Address);
        try
        {
            Changed?.Invoke(configuration);
        }
#pragma warning disable CA1031 // a subscriber's failure must not stop the provider
        catch (Exception e)
#pragma warning restore CA1031
        {
            ConfigurationClientLog.HandlerFailed(_logger, e, version);
        }
    }

    private void SetCurrent(long version, PulseConfiguration configuration, string json)
    {
        _currentJson = json;
        Interlocked.Exchange(ref _version, version);
        Volatile.Write(ref _current, configuration);
    }

    private void Failed(string reason)
    {
        ConfigurationClientMetrics.Reloaded("error");
        // Logged once per outage, not at each retry.
        if (Interlocked.Exchange(ref _lastError, reason) is null)
            ConfigurationClientLog.Unreachable(_logger, Address, reason, Version);
    }

    private void Recovered()
    {
        if (Interlocked.Exchange(ref _lastError, null) is not null) ConfigurationClientLog.Reachable(_logger, Address);
    }

    private (long Version, PulseConfiguration? Configuration, string? Error) Parse(byte[] body)
    {
        long version;
        string raw;
        try
        {
            using var document = JsonDocument.Parse(body);
            version = document.RootElement.GetProperty("version").GetInt64();
            raw = document.RootElement.GetProperty("configuration").GetRawText();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new HttpRequestException($"the answer is not a configuration envelope ({e.Message})", e);
        }
        try
        {
            return (version, ConfigurationJson.Parse(raw, $"{_configurationUri} version {version}"), null);
        }
        catch (ConfigurationException e)
        {
            return (version, null, e.Message);
        }
    }

    private async Task<Answer> FetchAsync(long? after, TimeSpan wait, CancellationToken cancellationToken)
    {
        var uri = after is { } seen
            ? new Uri(_configurationUri, $"?after={seen.ToString(CultureInfo.InvariantCulture)}&wait={wait.TotalSeconds.ToString(CultureInfo.InvariantCulture)}")
            : _configurationUri;
        using var deadline = new CancellationTokenSource(wait + _options.RequestTimeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        using var response = await _http.GetAsync(uri, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
        long? tag = response.Headers.ETag is { } etag && long.TryParse(etag.Tag.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
        var body = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.OK) return new Answer(response.StatusCode, body, null, tag);
        return new Answer(response.StatusCode, null, ErrorOf(body), tag);
    }

    private static string ErrorOf(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String) return message.GetString()!;
        }
        catch (JsonException) { }
        var text = Encoding.UTF8.GetString(body);
        return text.Length > 200 ? text[..200] : text;
    }

    private void WriteCopy(long version, string json)
    {
        if (_options.LastKnownGoodPath is not { } path) return;
        var temporary = path + ".tmp";
        try
        {
            // Written beside the copy, then renamed over it: a crash leaves the old copy or the new one, never half of one.
            File.WriteAllText(temporary,
                $"// Pulse configuration version {version.ToString(CultureInfo.InvariantCulture)} from {_configurationUri}, " +
                $"{_options.TimeProvider.GetUtcNow():O}: the last-known-good copy of HttpConfigurationProvider{Environment.NewLine}{json}",
                new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ConfigurationClientLog.CopyNotWritten(_logger, path, e.Message);
        }
    }

    private static long ReadCopyVersion(string path)
    {
        try
        {
            using var reader = new StreamReader(path);
            return reader.ReadLine() is { } first && CopyHeader().Match(first) is { Success: true } m
                ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)
                : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static bool IsUnreachable(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private string Describe(Exception e) => e is OperationCanceledException
        ? $"no answer within {(_options.Wait + _options.RequestTimeout).TotalSeconds.ToString(CultureInfo.InvariantCulture)} s"
        : e.GetBaseException().Message;

    [GeneratedRegex(@"^// Pulse configuration version (\d+) ")]
    private static partial Regex CopyHeader();

    private sealed record Answer(HttpStatusCode Status, byte[]? Body, string? Error, long? ETagVersion);
}
