namespace Pulse.Sdk.Statistics;

/// <summary>What to open: a statistic type on one object, with a notification mode.</summary>
/// <param name="Type">The statistic type.</param>
/// <param name="Object">The object.</param>
/// <param name="Notification">When to push values; null means ChangesBased(0).</param>
public sealed record StatisticRequest(StatisticType Type, ObjectRef Object, NotificationMode? Notification = null);
