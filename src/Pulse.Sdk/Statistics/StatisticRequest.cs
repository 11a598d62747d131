namespace Pulse.Sdk.Statistics;

/// <summary>What to open: a statistic type on one object, with a notification mode.</summary>
/// <param name="Type">The statistic type.</param>
/// <param name="Object">The object.</param>
/// <param name="Notification">When to push values; null means ChangesBased(0).</param>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "The statistic's object is the Pulse vocabulary (an agent, a queue, a group); renaming it would break the public API.")]
public sealed record StatisticRequest(StatisticType Type, ObjectRef Object, NotificationMode? Notification = null);
