using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pulse.Sdk.Authentication.Throttling;

namespace Pulse.Sdk.Authentication.Validation;

/// <summary>
/// The <see cref="ITokenService"/> of a Pulse replica whose authentication role runs elsewhere: posts the login to the
/// role's <c>POST /auth/token</c> (<see cref="PulseAuthenticationOptions.TokenUri"/>). 200 gives the token, 401 gives
/// null, 429 or 503 with <c>Retry-After</c> (the role's login limits) throw <see cref="LoginThrottledException"/>, anything
/// else (or no answer) throws <see cref="TokenServiceUnavailableException"/>.
/// </summary>
/// <param name="client">The client; its base address does not matter (<paramref name="tokenUri"/> is absolute).</param>
/// <param name="tokenUri">The role's token endpoint.</param>
/// <param name="timeProvider">The clock that dates the expiry.</param>
/// <param name="forwarderSecret">Sent as <c>X-Pulse-Forwarder</c> (<see cref="PulseAuthenticationOptions.ForwarderSecret"/>); none when null.</param>
public sealed class HttpTokenService(HttpClient client, Uri tokenUri, TimeProvider timeProvider, string? forwarderSecret = null) : ITokenService
{
    /// <summary>The header that carries <see cref="PulseAuthenticationOptions.ForwarderSecret"/>.</summary>
    public const string ForwarderHeader = "X-Pulse-Forwarder";

    /// <inheritdoc />
    public async Task<IssuedToken?> RequestTokenAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        HttpResponseMessage response;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, tokenUri)
            {
                Content = JsonContent.Create(new Dictionary<string, string> { ["username"] = userName, ["password"] = password }),
            };
            if (forwarderSecret is not null) request.Headers.Add(ForwarderHeader, forwarderSecret);
            response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new TokenServiceUnavailableException($"the authentication role at {tokenUri} did not answer: {e.Message}", e);
        }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Unauthorized) return null;
            if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter?.Delta is { } wait)
            {
                throw new LoginThrottledException(response.StatusCode == HttpStatusCode.ServiceUnavailable ? LoginRefusal.HashingBusy(wait) : LoginRefusal.RoleLimit(wait));
            }
            if (response.StatusCode != HttpStatusCode.OK)
                throw new TokenServiceUnavailableException($"the authentication role at {tokenUri} answered {(int)response.StatusCode}");
            try
            {
                using var doc = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
                var token = doc.RootElement.GetProperty("access_token").GetString();
                var seconds = doc.RootElement.GetProperty("expires_in").GetInt32();
                if (string.IsNullOrEmpty(token) || seconds <= 0) throw new JsonException("empty access_token or expires_in not positive");
                var lifetime = TimeSpan.FromSeconds(seconds);
                return new IssuedToken(token, timeProvider.GetUtcNow() + lifetime, lifetime);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new TokenServiceUnavailableException($"the authentication role at {tokenUri} answered 200 without a token: {e.Message}", e);
            }
        }
    }
}
