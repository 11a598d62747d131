namespace Pulse.Sdk.Hep;

/// <summary>A payload is not a well-formed SIP message; the message says what is wrong and where.</summary>
internal sealed class SipFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the line or header.</param>
    public SipFormatException(string message)
        : base(message)
    {
    }
}
