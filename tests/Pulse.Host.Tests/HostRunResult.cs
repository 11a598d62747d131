using System.Text.Json;

namespace Pulse.Host.Tests;

/// <summary>What a host run printed and returned.</summary>
internal sealed record HostRunResult(int ExitCode, string Out, string Error)
{
    /// <summary>Standard output as JSON lines, keyed <c>objectType/objectId/statistic</c>.</summary>
    public Dictionary<string, JsonElement> Values() => ReplayLines.Parse(Out);
}
