namespace Pulse.Sdk.Metadata;

/// <summary>The kinds of widget of the Pulse web application (docs/wallboard.md).</summary>
public enum WidgetType
{
    /// <summary>One or a few headline numbers.</summary>
    Kpi,
    /// <summary>A donut chart.</summary>
    Donut,
    /// <summary>A grid: objects as rows, statistics as columns.</summary>
    Grid,
    /// <summary>A list of objects with one statistic each.</summary>
    List,
    /// <summary>A bar chart: a bar (or a group or stack of bars) per object, horizontal or vertical.</summary>
    Bar,
    /// <summary>A line chart over history: a line per object (or per statistic of one object).</summary>
    Line,
}
