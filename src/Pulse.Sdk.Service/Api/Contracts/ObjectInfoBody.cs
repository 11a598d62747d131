using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Service.Api.Contracts;

/// <summary>An object the user may see: <c>{"type","id","name"}</c>.</summary>
internal sealed record ObjectInfoBody(ObjectType Type, string Id, string? Name);
