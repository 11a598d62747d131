namespace Pulse.Sdk.Authentication.Issuing;

/// <summary>The role's keys: the one that signs, and the one it signed with before a rotation (published in the JWKS, never signing).</summary>
/// <param name="Current">The signing key.</param>
/// <param name="Previous">The key before the rotation; null when none.</param>
internal sealed record SigningKeyRing(SigningKey Current, SigningKey? Previous)
{
    /// <summary>The keys of the JWKS: the current one, then the previous one unless it is the same key.</summary>
    public IEnumerable<SigningKey> Published()
    {
        yield return Current;
        if (Previous is not null && Previous.KeyId != Current.KeyId) yield return Previous;
    }
}
