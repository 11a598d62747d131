using System.Net;
using System.Text.Json;
using Pulse.Sdk.Authentication.Issuing;
using static Pulse.Sdk.Authentication.Tests.Support.AuthTestApps;

namespace Pulse.Sdk.Authentication.Tests.Issuing;

/// <summary>The role's key file: written once when absent, read at every start after, so sessions survive a restart.</summary>
public sealed class SigningKeyFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pulse-keys-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_role_restarted_with_the_same_key_file_still_accepts_its_old_tokens()
    {
        var path = Path.Combine(_dir, "auth.pem");
        string token;
        await using (var first = await StartAsync(o => o.SigningKeyPath = path))
        {
            token = await first.TokenAsync();
            using var ok = await first.ProbeAsync(token);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        Assert.True(File.Exists(path));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));

        await using var second = await StartAsync(o => o.SigningKeyPath = path);
        using var still = await second.ProbeAsync(token);
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    [Fact]
    public async Task After_a_rotation_the_previous_key_is_published_and_its_tokens_stay_valid()
    {
        var old = Path.Combine(_dir, "old.pem");
        string token;
        string oldKid;
        await using (var before = await StartAsync(o => o.SigningKeyPath = old))
        {
            token = await before.TokenAsync();
            oldKid = before.RoleKey.KeyId;
        }

        await using var after = await StartAsync(o =>
        {
            o.SigningKeyPath = Path.Combine(_dir, "new.pem");
            o.PreviousSigningKeyPath = old;
        });
        Assert.NotEqual(oldKid, after.RoleKey.KeyId);
        using (var jwks = await after.RoleClient().GetAsync("/auth/.well-known/jwks.json"))
        {
            using var doc = JsonDocument.Parse(await jwks.Content.ReadAsStringAsync());
            Assert.Equal([after.RoleKey.KeyId, oldKid], doc.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()));
        }
        using (var oldToken = await after.ProbeAsync(token)) Assert.Equal(HttpStatusCode.OK, oldToken.StatusCode);
        var fresh = await after.TokenAsync();
        Assert.Contains($"\"kid\":\"{after.RoleKey.KeyId}\"", Support.TokenForge.Header(fresh));
    }

    [Fact]
    public void Loading_an_existing_file_writes_nothing()
    {
        var path = Path.Combine(_dir, "k.pem");
        using var created = SigningKey.LoadOrCreatePemFile(path, null, out var wrote);
        Assert.True(wrote);
        var text = File.ReadAllText(path);
        using var loaded = SigningKey.LoadOrCreatePemFile(path, null, out var wroteAgain);
        Assert.False(wroteAgain);
        Assert.Equal(created.KeyId, loaded.KeyId);
        Assert.Equal(text, File.ReadAllText(path));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", text);
    }
}
