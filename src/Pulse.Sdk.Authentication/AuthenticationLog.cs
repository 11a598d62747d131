using Microsoft.Extensions.Logging;

namespace Pulse.Sdk.Authentication;

/// <summary>The authentication package's log messages: source-generated, so a disabled level costs nothing.</summary>
internal static partial class AuthenticationLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "No signing key file: a new key (kid {KeyId}) signs the tokens, and they stop validating when the role restarts")]
    public static partial void SigningKeyGenerated(ILogger logger, string keyId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Generated a new signing key (kid {KeyId}) and wrote it to {Path}")]
    public static partial void SigningKeyWritten(ILogger logger, string keyId, string path);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Reading the authentication role's signing keys failed; the keys read before stay in use")]
    public static partial void SigningKeysStale(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Reading the authentication role's signing keys failed; no token can be checked until they are read")]
    public static partial void SigningKeysUnavailable(ILogger logger, Exception exception);
}
