namespace Pulse.Sdk.Service.Api.Contracts;

/// <summary>
/// A value of a layout, in snapshots and live messages:
/// <c>{"layout","object":{"type","id"},"alias","statistic","value","state","reason","time"}</c>.
/// A removed statistic (closed by the DCU) has <c>value</c> null.
/// </summary>
internal sealed record ValueBody(Guid Layout, ObjectBody Object, string Alias, string Statistic, double? Value, string? State, string? Reason, DateTimeOffset? Time);
