using System.Collections.Concurrent;

namespace Pulse.Sdk.Authentication.Validation;

/// <summary>
/// The revoked tokens of this process, each kept until its expiry plus <see cref="Margin"/> (the largest clock skew
/// Pulse allows) by the injected clock; expired entries are dropped at most once a minute, when a token is revoked. Only logouts of valid tokens add entries, so its size follows the
/// logouts of one token lifetime.
/// </summary>
/// <param name="timeProvider">The clock.</param>
public sealed class InMemoryTokenRevocationList(TimeProvider timeProvider) : ITokenRevocationList
{
    /// <summary>How long past its expiry an entry is kept: the largest <c>PulseAuthenticationOptions.ClockSkew</c>, 5 minutes.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _revoked = new(StringComparer.Ordinal);
    private long _nextSweepTicks;

    /// <summary>Entries held now.</summary>
    public int Count => _revoked.Count;

    /// <inheritdoc />
    public ValueTask RevokeAsync(string tokenId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenId);
        var now = timeProvider.GetUtcNow();
        var next = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks >= next && Interlocked.CompareExchange(ref _nextSweepTicks, (now + TimeSpan.FromMinutes(1)).UtcTicks, next) == next)
        {
            foreach (var (id, expiry) in _revoked)
                if (expiry + Margin < now) _revoked.TryRemove(id, out _);
        }
        _revoked[tokenId] = expiresAt;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<bool> IsRevokedAsync(string tokenId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tokenId);
        return ValueTask.FromResult(_revoked.ContainsKey(tokenId));
    }
}
