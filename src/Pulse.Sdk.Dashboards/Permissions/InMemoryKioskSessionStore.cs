namespace Pulse.Sdk.Permissions;

/// <summary>An <see cref="IKioskSessionStore"/> in process memory, for a single-process host and tests; nothing survives the process.</summary>
public sealed class InMemoryKioskSessionStore : IKioskSessionStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, KioskSession> _sessions = [];

    /// <inheritdoc />
    public Task CreateAsync(KioskSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (_gate)
            if (!_sessions.TryAdd(session.Id, session)) throw new InvalidOperationException($"kiosk session {session.Id} exists already");
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<KioskSession?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult(_sessions.GetValueOrDefault(id));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<KioskSession>> ListActiveAsync(string tenant, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        lock (_gate)
            return Task.FromResult<IReadOnlyList<KioskSession>>([.. _sessions.Values.Where(s => s.Tenant == tenant && s.IsActive(now)).OrderBy(s => s.CreatedAt).ThenBy(s => s.Id)]);
    }

    /// <inheritdoc />
    public Task<bool> RevokeAsync(string tenant, Guid id, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        lock (_gate)
        {
            if (!_sessions.TryGetValue(id, out var s) || s.Tenant != tenant || !s.IsActive(now)) return Task.FromResult(false);
            _sessions[id] = s with { RevokedAt = now, LinkHash = null };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> RedeemLinkAsync(Guid id, byte[] linkHash, byte[] secretHash, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(linkHash);
        ArgumentNullException.ThrowIfNull(secretHash);
        lock (_gate)
        {
            if (!_sessions.TryGetValue(id, out var s) || s.LinkHash is null || !s.LinkHash.AsSpan().SequenceEqual(linkHash)
                || now >= s.LinkExpiresAt || !s.IsActive(now))
                return Task.FromResult(false);
            _sessions[id] = s with { LinkHash = null, SecretHash = secretHash };
            return Task.FromResult(true);
        }
    }
}
