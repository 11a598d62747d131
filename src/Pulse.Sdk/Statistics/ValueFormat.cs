namespace Pulse.Sdk.Statistics;

/// <summary>How a value is meant to be displayed (the Pulse template display formats).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "The Pulse template display formats are called Integer and String; renaming them would break the public API and the stored templates' JSON.")]
public enum ValueFormat
{
    /// <summary>A count.</summary>
    Integer,
    /// <summary>A number.</summary>
    Number,
    /// <summary>A duration in seconds.</summary>
    Time,
    /// <summary>A percentage, 0–100.</summary>
    Percent,
    /// <summary>A state name.</summary>
    Status,
    /// <summary>A text.</summary>
    String,
}
