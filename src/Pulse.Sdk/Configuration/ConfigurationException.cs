namespace Pulse.Sdk.Configuration;

/// <summary>The configuration is invalid; the message names the file (or origin), the object and the field.</summary>
public sealed class ConfigurationException : Exception
{
    /// <summary>Creates the error.</summary>
    public ConfigurationException(string message) : base(message) { }

    /// <summary>Creates the error with the exception that caused it.</summary>
    public ConfigurationException(string message, Exception inner) : base(message, inner) { }
}
