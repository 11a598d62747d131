namespace Pulse.Sdk.Service.Api.Contracts;

/// <summary>The current values of a layout: <c>{"layout","values":[...]}</c>.</summary>
internal sealed record SnapshotBody(Guid Layout, IReadOnlyList<ValueBody> Values);
