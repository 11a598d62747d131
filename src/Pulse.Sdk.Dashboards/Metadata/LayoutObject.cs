using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Metadata;

/// <summary>One object a layout shows (the tenant is the layout's).</summary>
/// <param name="Type">The object kind.</param>
/// <param name="Id">The object id (the tenant id for <see cref="Statistics.ObjectType.Tenant"/>).</param>
public readonly record struct LayoutObject(ObjectType Type, string Id);
