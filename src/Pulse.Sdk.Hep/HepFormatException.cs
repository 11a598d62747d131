namespace Pulse.Sdk.Hep;

/// <summary>A packet is not valid HEP v3; <see cref="Error"/> says what and where.</summary>
internal sealed class HepFormatException : FormatException
{
    /// <summary>Creates the exception for <paramref name="error"/>.</summary>
    /// <param name="error">The decoding failure.</param>
    public HepFormatException(HepDecodeError error)
        : base(error.Message)
    {
        Error = error;
    }

    /// <summary>What is wrong and where.</summary>
    public HepDecodeError Error { get; }
}
