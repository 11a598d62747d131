using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Authentication.Issuing;
using Pulse.Sdk.Authentication.Validation;

namespace Pulse.Sdk.Authentication.Tests.Issuing;

public sealed class AuthServiceOptionsTests
{
    [Fact]
    public void Every_problem_names_the_option_and_what_to_set()
    {
        var good = PasswordHasher.Hash("pw", PasswordHasher.MinIterations);
        var options = new AuthServiceOptions
        {
            Issuer = "",
            TokenLifetime = TimeSpan.FromDays(2),
            MaxLoginBodyBytes = 10,
            SigningKeyPath = "/nonexistent/key.pem",
            LoginThrottling = new() { MaxFailuresPerUser = 0, Lockout = TimeSpan.FromHours(1) },
            MaxConcurrentHashing = 0,
            Users =
            [
                new AuthUser { UserName = "alice", Tenant = "t1", PasswordHash = good },
                new AuthUser { UserName = "alice", Tenant = "t2", PasswordHash = good },
                new AuthUser { UserName = "bob", Tenant = "", PasswordHash = "secret" },
            ],
        };
        var errors = options.Validate();
        Assert.Contains(errors, m => m.StartsWith("AuthServiceOptions.Issuer must be set", StringComparison.Ordinal));
        Assert.Contains("AuthServiceOptions.TokenLifetime must be 1 minute to 24 hours (e.g. 1 hour), was 2.00:00:00", errors);
        Assert.Contains("AuthServiceOptions.MaxLoginBodyBytes must be 256 to 65536 (e.g. 4096), was 10", errors);
        Assert.Contains(errors, m => m.StartsWith("AuthServiceOptions.SigningKeyPath: no directory for '/nonexistent/key.pem'", StringComparison.Ordinal));
        Assert.Contains("AuthServiceOptions.LoginThrottling.MaxFailuresPerUser must be 1 to 100 (e.g. 5), was 0", errors);
        Assert.Contains("AuthServiceOptions.LoginThrottling.Lockout must be 1 s to MaxLockout (e.g. 1 minute), was 01:00:00", errors);
        Assert.Contains("AuthServiceOptions.MaxConcurrentHashing must be 1 to 1024 (e.g. half the processors), was 0", errors);
        Assert.Contains("AuthServiceOptions.Users[1].UserName: 'alice' is already used by another user (user names are unique across tenants)", errors);
        Assert.Contains("AuthServiceOptions.Users[2] ('bob').Tenant must be set (the tenant id of the configuration)", errors);
        Assert.Contains(errors, m => m.StartsWith("AuthServiceOptions.Users[2] ('bob').PasswordHash: expected pbkdf2-sha256$", StringComparison.Ordinal));
        Assert.Equal(10, errors.Count);
        Assert.Empty(new AuthServiceOptions().Validate());
    }

    [Fact]
    public async Task Invalid_options_stop_the_host_at_start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddPulseAuthService(o => o.TokenLifetime = TimeSpan.Zero);
        await using var app = builder.Build();
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains("AuthServiceOptions.TokenLifetime must be 1 minute to 24 hours", e.Message);
    }

    [Fact]
    public async Task Pulse_without_a_jwks_address_needs_the_role_in_process()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddPulseAuthentication(o => o.Audience = "");
        await using var app = builder.Build();
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains("PulseAuthenticationOptions.JwksUri must be set to the authentication role's JWKS", e.Message);
        Assert.Contains("PulseAuthenticationOptions.Audience must be set", e.Message);
        // The options' own list and the check that needs the services are two validators: each message once.
        Assert.Single(e.Failures, f => f.StartsWith("PulseAuthenticationOptions.Audience", StringComparison.Ordinal));
        Assert.Single(e.Failures, f => f.StartsWith("PulseAuthenticationOptions.JwksUri", StringComparison.Ordinal));

        var bad = new PulseAuthenticationOptions
        {
            JwksUri = new Uri("file:///keys.json"), ClockSkew = TimeSpan.FromHours(1), JwksMinRefreshInterval = TimeSpan.FromHours(1),
            MaxTokenLifetime = TimeSpan.FromDays(30), LoginThrottling = new() { AddressWindow = TimeSpan.Zero },
        }.Validate();
        Assert.Contains("PulseAuthenticationOptions.MaxTokenLifetime must be null (the role's TokenLifetime) or 1 minute to 24 hours (e.g. 1 hour), was 30.00:00:00", bad);
        Assert.Contains("PulseAuthenticationOptions.LoginThrottling.AddressWindow must be 1 s to 1 hour (e.g. 1 minute), was 00:00:00", bad);
        Assert.Contains("PulseAuthenticationOptions.JwksUri must be an absolute http or https address (e.g. http://auth/auth/.well-known/jwks.json), was 'file:///keys.json'", bad);
        Assert.Contains(bad, m => m.StartsWith("PulseAuthenticationOptions.ClockSkew must be 0 to 5 minutes", StringComparison.Ordinal));
        Assert.Contains(bad, m => m.StartsWith("PulseAuthenticationOptions.JwksMinRefreshInterval must be 1 s to JwksRefreshInterval", StringComparison.Ordinal));
    }

    [Fact]
    public void Mapping_without_the_services_says_what_to_register()
    {
        var builder = WebApplication.CreateSlimBuilder();
        var app = builder.Build();
        Assert.Contains("call services.AddPulseAuthService(...) first", Assert.Throws<InvalidOperationException>(() => app.MapPulseAuthService()).Message);
        Assert.Contains("call services.AddPulseAuthentication(...) first", Assert.Throws<InvalidOperationException>(() => app.MapPulseSession()).Message);

        var withAuth = WebApplication.CreateSlimBuilder();
        withAuth.Services.AddPulseAuthentication(o => o.JwksUri = new Uri("http://auth/auth/.well-known/jwks.json"));
        var app2 = withAuth.Build();
        Assert.Contains("MapPulseSession needs an IPermissionEvaluator", Assert.Throws<InvalidOperationException>(() => app2.MapPulseSession()).Message);
    }
}
