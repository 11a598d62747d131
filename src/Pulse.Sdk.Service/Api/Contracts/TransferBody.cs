namespace Pulse.Sdk.Service.Api.Contracts;

/// <summary>
/// The export of a tenant's metadata and the body of an import: <c>{"templates":[...],"layouts":[...],"tabs":[...]}</c>
/// (ids kept; <c>uscn</c> ignored on import).
/// </summary>
internal sealed record TransferBody
{
    public IReadOnlyList<TemplateBody> Templates { get; init; } = [];
    public IReadOnlyList<LayoutBody> Layouts { get; init; } = [];
    public IReadOnlyList<TabBody> Tabs { get; init; } = [];
    public long? Uscn { get; init; }
}

/// <summary>What an import wrote: <c>{"templates":n,"layouts":n,"tabs":n,"uscn"}</c>.</summary>
internal sealed record ImportResultBody(int Templates, int Layouts, int Tabs, long Uscn);
