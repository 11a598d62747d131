using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Pulse.Sdk.Authentication.Validation;

/// <summary>
/// The authentication role's signing keys as the JWT bearer handler asks for them (its configuration manager): read
/// through <paramref name="fetch"/>, kept for the refresh interval by the injected clock, read again sooner when a
/// token names an unknown key (at most once per minimum interval). When a read fails, the keys read before stay in
/// use; with none, validation fails with <see cref="SigningKeysUnavailableException"/>.
/// </summary>
/// <param name="fetch">Reads the keys (the JWKS over HTTP, or the in-process role's key).</param>
/// <param name="issuer">The issuer the keys belong to.</param>
/// <param name="refreshInterval">How long keys are used before they are read again.</param>
/// <param name="minRefreshInterval">The least time between two reads.</param>
/// <param name="timeProvider">The clock.</param>
/// <param name="logger">Where failed reads go.</param>
/// <param name="metrics">Where the reads are counted.</param>
[SuppressMessage("Design", "CA1001", Justification = "The gate's wait handle is never created (no AvailableWaitHandle), so disposing it frees nothing; the JWT bearer options that hold the cache never dispose it.")]
internal sealed class SigningKeyCache(
    Func<CancellationToken, Task<IReadOnlyList<SecurityKey>>> fetch, string issuer, TimeSpan refreshInterval, TimeSpan minRefreshInterval,
    TimeProvider timeProvider, ILogger logger, AuthenticationMetrics metrics) : IConfigurationManager<OpenIdConnectConfiguration>
{
    private static readonly KeyValuePair<string, object?> Ok = new("result", "ok");
    private static readonly KeyValuePair<string, object?> Error = new("result", "error");
    private readonly SemaphoreSlim _gate = new(1, 1);
    private OpenIdConnectConfiguration? _current;
    // UTC ticks, read and written atomically (RequestRefresh runs outside the gate).
    private long _lastRead = long.MinValue;
    private long _nextRead = long.MinValue;
    private Exception? _lastError;

    private bool Fresh(DateTimeOffset now) => now.UtcTicks < Interlocked.Read(ref _nextRead);

    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        var current = Volatile.Read(ref _current);
        if (current is not null && Fresh(timeProvider.GetUtcNow())) return current;
        // Otherwise (stale, or no keys yet) decide under the gate, so one request reads while the others wait.
        await _gate.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            var now = timeProvider.GetUtcNow();
            if (Fresh(now))
            {
                // No keys and the last read failed a moment ago: do not send every request on to the role.
                return _current ?? throw new SigningKeysUnavailableException("the authentication role's signing keys cannot be read: " + _lastError?.Message, _lastError);
            }
            Interlocked.Exchange(ref _lastRead, now.UtcTicks);
            try
            {
                var keys = await fetch(cancel).ConfigureAwait(false);
                if (keys.Count == 0) throw new InvalidOperationException("the JWKS holds no signing key");
                var configuration = new OpenIdConnectConfiguration { Issuer = issuer };
                foreach (var k in keys) configuration.SigningKeys.Add(k);
                Volatile.Write(ref _current, configuration);
                Interlocked.Exchange(ref _nextRead, (now + refreshInterval).UtcTicks);
                metrics.KeyRefreshes.Add(1, Ok);
                return configuration;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancel.IsCancellationRequested)
            {
                metrics.KeyRefreshes.Add(1, Error);
                _lastError = e;
                Interlocked.Exchange(ref _nextRead, (now + minRefreshInterval).UtcTicks);
                if (_current is not null)
                {
                    AuthenticationLog.SigningKeysStale(logger, e);
                    return _current;
                }
                AuthenticationLog.SigningKeysUnavailable(logger, e);
                throw new SigningKeysUnavailableException("the authentication role's signing keys cannot be read: " + e.Message, e);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void RequestRefresh()
    {
        // A token names a key not in the set: read again soon, but not more often than the minimum interval.
        var now = timeProvider.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _lastRead);
        var earliest = last == long.MinValue ? now : last + minRefreshInterval.Ticks;
        Interlocked.Exchange(ref _nextRead, Math.Max(now, earliest));
    }
}
