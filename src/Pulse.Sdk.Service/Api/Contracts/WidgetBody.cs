namespace Pulse.Sdk.Service.Api.Contracts;

/// <summary>
/// A widget as listed: a layout placed on a tab, with its layout and template. Its <c>id</c> is the layout's id (a widget
/// created by <c>POST /api/wbrt/widgets</c> has a layout of its own).
/// </summary>
internal sealed record WidgetBody(Guid Id, Guid TabId, Guid LayoutId, LayoutBody Layout, TemplateBody? Template, long Uscn);
