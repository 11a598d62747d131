using System.Collections.Concurrent;
using System.Net;

namespace Pulse.Sdk.Authentication.Validation;

/// <summary>
/// Asks the authentication role whether a token's credential stamp (claim <c>pulse_cst</c>) is still its user's, and
/// remembers each answer for <see cref="PulseAuthenticationOptions.CredentialCheckInterval"/>: a password change ends
/// the sessions begun before it within that interval, on REST and at a live socket's next check. When the role cannot
/// be asked, its last answer about the stamp stands (an outage of the role neither logs everyone out nor lets a stale
/// session back in); a stamp it was never asked about is answered 503.
/// </summary>
internal sealed class CredentialStampChecker(Func<string, string, CancellationToken, Task<bool>> ask, TimeSpan interval, TimeProvider time, AuthenticationMetrics metrics)
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<(string User, string Stamp), (bool Current, DateTimeOffset At)> _answers = new();

    /// <summary>Asks <c>GET {role}/auth/sessions/check?user=&amp;stamp=</c> (204 current, 401 not) with <paramref name="client"/>.</summary>
    public static Func<string, string, CancellationToken, Task<bool>> OverHttp(HttpClient client, Uri checkUri) => async (user, stamp, cancellationToken) =>
    {
        var uri = new Uri(checkUri, $"?user={Uri.EscapeDataString(user)}&stamp={Uri.EscapeDataString(stamp)}");
        try
        {
            using var response = await client.GetAsync(uri, cancellationToken).ConfigureAwait(false);
            return response.StatusCode switch
            {
                HttpStatusCode.NoContent => true,
                HttpStatusCode.Unauthorized => false,
                _ => throw new CredentialCheckUnavailableException($"the authentication role at {checkUri} answered {(int)response.StatusCode}"),
            };
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new CredentialCheckUnavailableException($"the authentication role at {checkUri} did not answer: {e.Message}", e);
        }
    };

    /// <exception cref="CredentialCheckUnavailableException">The role cannot be asked and never confirmed this stamp.</exception>
    public async ValueTask<bool> IsCurrentAsync(string user, string stamp, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var known = _answers.TryGetValue((user, stamp), out var answer);
        if (known && now - answer.At < interval) return answer.Current;
        bool current;
        try
        {
            current = await ask(user, stamp, cancellationToken).ConfigureAwait(false);
        }
        catch (CredentialCheckUnavailableException) when (known)
        {
            metrics.CredentialCheckErrors.Add(1);
            return answer.Current;
        }
        catch (CredentialCheckUnavailableException)
        {
            metrics.CredentialCheckErrors.Add(1);
            throw;
        }
        if (_answers.Count >= MaxEntries) _answers.Clear(); // a bound, not a cache policy: the next requests ask again
        _answers[(user, stamp)] = (current, now);
        return current;
    }
}
