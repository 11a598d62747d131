namespace Pulse.Sdk.Service.Live;

/// <summary>Where a routed value is shown in a subscription: a layout and the template alias of the statistic.</summary>
internal readonly record struct LiveTarget(Guid Layout, string Alias);
