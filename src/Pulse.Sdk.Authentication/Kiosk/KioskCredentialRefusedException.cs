namespace Pulse.Sdk.Authentication.Kiosk;

/// <summary>A kiosk credential that names no active session: the message is the 401's (it never quotes the credential).</summary>
public sealed class KioskCredentialRefusedException : Exception
{
    /// <summary>Creates the refusal.</summary>
    /// <param name="message">Why, for the person at the screen.</param>
    public KioskCredentialRefusedException(string message) : base(message) { }
}
