using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Service.Api.Contracts;

/// <summary>A statistic of the catalogue: <c>{"name","objectTypes","category","format","description"}</c>.</summary>
internal sealed record StatisticInfoBody(string Name, IReadOnlyList<ObjectType> ObjectTypes, StatisticCategory Category, ValueFormat Format, string? Description);
