using Pulse.Sdk.Authentication.Validation;

namespace Pulse.Testing;

/// <summary>An in-memory revocation list whose store a test makes unreachable, for checks and for revocations apart.</summary>
public sealed class SwitchableRevocationList(TimeProvider time) : ITokenRevocationList
{
    private readonly InMemoryTokenRevocationList _inner = new(time);

    public bool ChecksFail { get; set; }

    public bool RevocationsFail { get; set; }

    public ValueTask RevokeAsync(string tokenId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) =>
        RevocationsFail ? throw new TokenRevocationUnavailableException("the test's store is unreachable") : _inner.RevokeAsync(tokenId, expiresAt, cancellationToken);

    public ValueTask<bool> IsRevokedAsync(string tokenId, CancellationToken cancellationToken = default) =>
        ChecksFail ? throw new TokenRevocationUnavailableException("the test's store is unreachable") : _inner.IsRevokedAsync(tokenId, cancellationToken);
}
