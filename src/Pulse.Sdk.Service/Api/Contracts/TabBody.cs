using Pulse.Sdk.Metadata;

namespace Pulse.Sdk.Service.Api.Contracts;

/// <summary>
/// A tab (dashboard), in and out. In a request <c>id</c> is optional (a PUT's must match the path), <c>owner</c> is
/// ignored except by import (the creator owns a new tab; a PUT keeps the owner), <c>uscn</c> is ignored.
/// </summary>
internal sealed record TabBody
{
    public Guid? Id { get; init; }
    public required string Name { get; init; }
    public string? Owner { get; init; }
    public bool Shared { get; init; }
    public IReadOnlyList<Guid> LayoutIds { get; init; } = [];
    public long? Uscn { get; init; }

    public static TabBody From(Tab t) => new() { Id = t.Id, Name = t.Name, Owner = t.Owner, Shared = t.Shared, LayoutIds = t.LayoutIds, Uscn = t.Uscn };

    public Tab ToModel(string tenant, Guid id, string owner) => new()
    {
        Id = id, Tenant = tenant, Owner = owner, Name = Name, Shared = Shared, LayoutIds = [.. LayoutIds],
    };
}
