using Microsoft.AspNetCore.Http;

namespace Pulse.Sdk.Authentication.Throttling;

/// <summary>Why a login was refused before its password was checked, the status it is answered with, and when to try again.</summary>
/// <param name="Reason">The bounded <c>reason</c> of <c>pulse_auth_login_refusals_total</c>: <c>user_locked</c>, <c>address_limit</c>, <c>hashing_busy</c> or <c>role_limit</c>.</param>
/// <param name="StatusCode">429, or 503 while the password hashing is busy.</param>
/// <param name="RetryAfter">When to try again (the <c>Retry-After</c> header, in whole seconds, at least 1).</param>
/// <param name="Message">The answer's message.</param>
public sealed record LoginRefusal(string Reason, int StatusCode, TimeSpan RetryAfter, string Message)
{
    internal static LoginRefusal UserLocked(TimeSpan retryAfter) =>
        new("user_locked", StatusCodes.Status429TooManyRequests, retryAfter, $"too many failed logins for this user name; try again in {Seconds(retryAfter)} s");

    internal static LoginRefusal AddressLimit(TimeSpan retryAfter) =>
        new("address_limit", StatusCodes.Status429TooManyRequests, retryAfter, $"too many failed logins from this address; try again in {Seconds(retryAfter)} s");

    internal static LoginRefusal RoleLimit(TimeSpan retryAfter) =>
        new("role_limit", StatusCodes.Status429TooManyRequests, retryAfter, $"too many failed logins; try again in {Seconds(retryAfter)} s");

    internal static LoginRefusal HashingBusy(TimeSpan? retryAfter = null) =>
        new("hashing_busy", StatusCodes.Status503ServiceUnavailable, retryAfter ?? TimeSpan.FromSeconds(1), $"too many logins are being checked now; try again in {Seconds(retryAfter ?? TimeSpan.FromSeconds(1))} s");

    /// <summary>The <c>Retry-After</c> value: whole seconds, rounded up, at least 1.</summary>
    public long RetryAfterSeconds => Seconds(RetryAfter);

    private static long Seconds(TimeSpan t) => Math.Max(1, (long)Math.Ceiling(t.TotalSeconds));
}
