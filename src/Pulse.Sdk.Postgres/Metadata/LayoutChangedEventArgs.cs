namespace Pulse.Sdk.Postgres.Metadata;

/// <summary>A layout was saved or deleted (a notification on <c>pulse_layouts</c>).</summary>
/// <param name="Tenant">The layout's tenant.</param>
/// <param name="LayoutId">The layout.</param>
/// <param name="Uscn">The tenant's change sequence number of the write.</param>
/// <param name="Active">Whether the layout is active now.</param>
/// <param name="Deleted">Whether the write deleted it.</param>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "A record cannot derive from EventArgs; the name says what it is, and renaming it would break the public API.")]
public sealed record LayoutChangedEventArgs(string Tenant, Guid LayoutId, long Uscn, bool Active, bool Deleted);
