namespace Pulse.Sdk.Redis.Authentication;

/// <summary>The keys of the <see cref="RedisTokenRevocationList"/>.</summary>
public static class RedisTokenRevocationKeys
{
    /// <summary>
    /// A revoked token, by its <c>jti</c>: a string (<c>1</c>) that expires 5 minutes after the token does.
    /// <c>pulse:revoked:{jti}</c>; every command touches one key, so the hash tag only spreads the entries over a
    /// Redis Cluster's slots.
    /// </summary>
    public static string Revoked(string prefix, string tokenId) => $"{prefix}:revoked:{{{tokenId}}}";
}
