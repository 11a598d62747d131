using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Pulse.Sdk.Authentication;

/// <summary>
/// Password hashes of the authentication role's users: PBKDF2 with HMAC-SHA256, a random 16-byte salt and a
/// 32-byte key, written as <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt, base64&gt;$&lt;key, base64&gt;</c>. The
/// iteration count travels with the hash, so raising <see cref="DefaultIterations"/> later keeps old hashes valid.
/// </summary>
public static class PasswordHasher
{
    /// <summary>The scheme name that starts every hash.</summary>
    public const string Scheme = "pbkdf2-sha256";

    /// <summary>Iterations of a new hash unless told otherwise: OWASP's recommendation for PBKDF2-HMAC-SHA256.</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>The fewest iterations <see cref="Hash"/> accepts (low counts are for tests).</summary>
    public const int MinIterations = 1_000;

    /// <summary>The most iterations a hash may have: more would let a configured hash stall every login.</summary>
    public const int MaxIterations = 10_000_000;

    private const int SaltBytes = 16;
    private const int KeyBytes = 32;

    /// <summary>Hashes <paramref name="password"/> with a new random salt.</summary>
    /// <param name="password">The password (not empty).</param>
    /// <param name="iterations">PBKDF2 iterations, <see cref="MinIterations"/> to <see cref="MaxIterations"/>.</param>
    /// <returns>The encoded hash, for <c>AuthUser.PasswordHash</c>.</returns>
    public static string Hash(string password, int iterations = DefaultIterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinIterations);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, MaxIterations);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var key = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, KeyBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(key)}");
    }

    /// <summary>Whether <paramref name="password"/> matches <paramref name="encodedHash"/>; false for a malformed hash. The key comparison takes the same time wherever they differ.</summary>
    /// <param name="password">The password given.</param>
    /// <param name="encodedHash">A hash made by <see cref="Hash"/>.</param>
    public static bool Verify(string password, string encodedHash)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (!TryParse(encodedHash, out var iterations, out var salt, out var expected)) return false;
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>What is wrong with <paramref name="encodedHash"/>, or null when it is a hash <see cref="Verify"/> can check.</summary>
    /// <param name="encodedHash">The text to check.</param>
    public static string? Describe(string? encodedHash) =>
        TryParse(encodedHash, out _, out _, out _)
            ? null
            : $"expected {Scheme}$<iterations {MinIterations}-{MaxIterations}>$<salt, base64>$<key, base64> as PasswordHasher.Hash makes it";

    internal static int IterationsOf(string encodedHash) => TryParse(encodedHash, out var iterations, out _, out _) ? iterations : DefaultIterations;

    private static bool TryParse(string? encodedHash, out int iterations, out byte[] salt, out byte[] key)
    {
        iterations = 0;
        salt = key = [];
        var parts = (encodedHash ?? "").Split('$');
        if (parts.Length != 4 || parts[0] != Scheme) return false;
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations is < MinIterations or > MaxIterations) return false;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            key = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }
        return salt.Length >= 8 && key.Length >= 16;
    }
}
