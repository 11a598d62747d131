using Pulse.Sdk.Metadata;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Service.Api.Contracts;

/// <summary>An object a layout shows, in and out: <c>{"type":"Queue","id":"q1"}</c>.</summary>
internal sealed record ObjectBody
{
    public required ObjectType Type { get; init; }
    public required string Id { get; init; }

    public static ObjectBody From(LayoutObject o) => new() { Type = o.Type, Id = o.Id };
}
