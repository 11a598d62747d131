namespace Pulse.Sdk.Service.Api.Contracts;

/// <summary>
/// A query of current values without a widget (<c>POST /api/wbrt/queries</c>, docs/api.md "Query API"): the objects
/// (by reference, or every visible object of some kinds), the statistics by catalogue name, and optionally
/// <c>"groupBy":"object"</c> for one row per object.
/// </summary>
internal sealed record QueryBody
{
    public IReadOnlyList<ObjectBody>? Objects { get; init; }
    public IReadOnlyList<Statistics.ObjectType>? ObjectTypes { get; init; }
    public required IReadOnlyList<string> Statistics { get; init; }
    public string? GroupBy { get; init; }
}
