using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Service.Live;

/// <summary>
/// A subscription to a query instead of layouts (docs/api.md, "Query API"): the objects it resolved to when subscribed
/// and the statistics; at each permission refresh only the objects still visible stay routed.
/// </summary>
internal sealed record LiveQuery(IReadOnlyList<ObjectRef> Objects, IReadOnlyList<string> Statistics);
