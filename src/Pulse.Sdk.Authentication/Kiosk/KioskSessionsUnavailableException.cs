namespace Pulse.Sdk.Authentication.Kiosk;

/// <summary>
/// The kiosk sessions' store cannot be read now, so a kiosk credential cannot be checked: Pulse answers 503 (and a live
/// socket of the kiosk ends asking to reconnect later) rather than guessing.
/// </summary>
public sealed class KioskSessionsUnavailableException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">What failed (no secret in it).</param>
    /// <param name="inner">The cause.</param>
    public KioskSessionsUnavailableException(string message, Exception? inner = null) : base(message, inner) { }
}
