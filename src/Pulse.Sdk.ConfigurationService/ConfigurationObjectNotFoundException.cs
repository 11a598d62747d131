namespace Pulse.Sdk.ConfigurationService;

/// <summary>A change names a tenant or an object the configuration does not hold (answered 404); nothing was written.</summary>
internal sealed class ConfigurationObjectNotFoundException(string message) : Exception(message);
