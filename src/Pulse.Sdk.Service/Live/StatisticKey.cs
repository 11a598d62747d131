using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Service.Live;

/// <summary>What a live change is routed by, within a tenant: the object and the statistic type's name.</summary>
internal readonly record struct StatisticKey(ObjectType Type, string Id, string Statistic);
