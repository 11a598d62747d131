namespace Pulse.Sdk.Authentication.Tests;

public sealed class PasswordHasherTests
{
    [Fact]
    public void A_hash_verifies_its_password_only()
    {
        var hash = PasswordHasher.Hash("correct horse", PasswordHasher.MinIterations);
        Assert.True(PasswordHasher.Verify("correct horse", hash));
        Assert.False(PasswordHasher.Verify("correct hors", hash));
        Assert.False(PasswordHasher.Verify("Correct horse", hash));
        Assert.False(PasswordHasher.Verify("", hash));
    }

    [Fact]
    public void Hashes_carry_scheme_iterations_and_a_fresh_salt()
    {
        var a = PasswordHasher.Hash("pw", 1234);
        var b = PasswordHasher.Hash("pw", 1234);
        Assert.NotEqual(a, b);
        var parts = a.Split('$');
        Assert.Equal(["pbkdf2-sha256", "1234"], parts[..2]);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
        Assert.Null(PasswordHasher.Describe(a));
    }

    [Fact]
    public void A_hash_of_a_published_pbkdf2_sha256_vector_verifies()
    {
        // PBKDF2-HMAC-SHA256, P = "passwordPASSWORDpassword", S = "saltSALTsaltSALTsaltSALTsaltSALTsalt", c = 4096: the
        // first 32 bytes of the widely published 40-byte vector.
        var salt = Convert.ToBase64String("saltSALTsaltSALTsaltSALTsaltSALTsalt"u8);
        var key = Convert.ToBase64String(Convert.FromHexString("348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1"));
        Assert.True(PasswordHasher.Verify("passwordPASSWORDpassword", $"pbkdf2-sha256$4096${salt}${key}"));
        Assert.False(PasswordHasher.Verify("passwordPASSWORDpassword", $"pbkdf2-sha256$4097${salt}${key}"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain-text-password")]
    [InlineData("pbkdf2-sha1$1000$c2FsdHNhbHQ=$a2V5a2V5a2V5a2V5a2V5a2V5")]
    [InlineData("pbkdf2-sha256$10$c2FsdHNhbHQ=$a2V5a2V5a2V5a2V5a2V5a2V5")]
    [InlineData("pbkdf2-sha256$1000$not base64$a2V5a2V5a2V5a2V5a2V5a2V5")]
    [InlineData("pbkdf2-sha256$1000$c2FsdHNhbHQ=")]
    public void Malformed_hashes_never_verify_and_are_described(string hash)
    {
        Assert.False(PasswordHasher.Verify("anything", hash));
        Assert.StartsWith("expected pbkdf2-sha256$<iterations 1000-10000000>$", PasswordHasher.Describe(hash));
    }

    [Fact]
    public void Too_few_iterations_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PasswordHasher.Hash("pw", 999));
        Assert.Throws<ArgumentException>(() => PasswordHasher.Hash(""));
    }
}
