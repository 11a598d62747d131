namespace Pulse.Sdk.Statistics;

/// <summary>Names one configuration object of a tenant.</summary>
/// <param name="Tenant">Tenant id.</param>
/// <param name="Type">Object kind.</param>
/// <param name="Id">Object id (the tenant id for <see cref="ObjectType.Tenant"/>).</param>
public readonly record struct ObjectRef(string Tenant, ObjectType Type, string Id)
{
    /// <inheritdoc />
    public override string ToString() => $"{Tenant}/{Type}/{Id}";
}
