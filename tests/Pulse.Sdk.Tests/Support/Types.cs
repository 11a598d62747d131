using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Tests.Support;

/// <summary>Short-hand for ad-hoc statistic types in tests.</summary>
internal static class Types
{
    private static int _n;

    public static StatisticType Make(StatisticCategory category, ActionMask mask, StatisticSubject subject = StatisticSubject.DNAction,
        TimeProfile? profile = null, TimeRange? range = null, ThresholdKind threshold = ThresholdKind.None, StatisticFilter? filter = null,
        double percentile = 0, ActionMask relative = default) =>
        new()
        {
            Name = $"{category}-{Interlocked.Increment(ref _n)}",
            Category = category,
            MainMask = mask,
            RelativeMask = relative,
            Subject = subject,
            Profile = profile ?? TimeProfile.Default,
            Range = range,
            Threshold = threshold,
            Filter = filter,
            Percentile = percentile,
        };

    public static ActionMask Of(params StatAction[] actions) => ActionMask.Of(actions);

    /// <summary>Every agent state of a logged-in agent: with a status subject, "time logged in".</summary>
    public static readonly ActionMask LoggedInStatuses = ActionMask.Parse("LoggedIn, OnHook, WaitForNextCall, OffHook, CallDialing, CallRinging, NotReadyForNextCall, AfterCallWork, CallOnHold, CallUnknown, CallConsult, CallInternal, CallOutbound, CallInbound");
}
