namespace Pulse.Sdk.Service.Api.Contracts;

/// <summary>The request that creates a widget: its tab, and the layout to create from a template.</summary>
internal sealed record NewWidgetBody
{
    public required Guid TabId { get; init; }
    public required Guid TemplateId { get; init; }
    public string Name { get; init; } = "";
    public required IReadOnlyList<ObjectBody> Objects { get; init; }
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
}
