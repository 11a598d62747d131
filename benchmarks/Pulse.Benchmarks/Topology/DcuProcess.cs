using System.Diagnostics;
using System.Globalization;

namespace Pulse.Benchmarks.Topology;

/// <summary>A role process (<c>dotnet Pulse.Host.dll ...</c>) whose log lines are stamped (<see cref="Stopwatch.GetTimestamp"/>) as they arrive.</summary>
public sealed class DcuProcess : IDisposable
{
    private readonly Process _process;
    private readonly long _started;
    private readonly Lock _gate = new();
    private readonly List<(long Stamp, string Text)> _lines = [];
    private readonly List<(string Text, TaskCompletionSource<int> Found)> _waiters = [];

    private DcuProcess(Process process, long started)
    {
        _process = process;
        _started = started;
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Starts <c>dotnet ARGS</c>.</summary>
    public static DcuProcess Start(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet", args) { RedirectStandardOutput = true, RedirectStandardError = true };
        var started = Stopwatch.GetTimestamp();
        return new DcuProcess(Process.Start(start)!, started);
    }

    private void Add(string? text)
    {
        if (text is null) return;
        var stamp = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            _lines.Add((stamp, text));
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (!text.Contains(_waiters[i].Text, StringComparison.Ordinal)) continue;
                _waiters[i].Found.TrySetResult(_lines.Count - 1);
                _waiters.RemoveAt(i);
            }
        }
    }

    /// <summary>The index of the first line containing <paramref name="text"/>, once logged.</summary>
    /// <exception cref="TimeoutException">Not logged within <paramref name="timeout"/>; the message holds the log.</exception>
    public async Task<int> WaitForAsync(string text, TimeSpan timeout)
    {
        Task<int> found;
        lock (_gate)
        {
            var i = _lines.FindIndex(l => l.Text.Contains(text, StringComparison.Ordinal));
            if (i >= 0) return i;
            var tcs = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((text, tcs));
            found = tcs.Task;
        }
        try { return await found.WaitAsync(timeout).ConfigureAwait(false); }
        catch (TimeoutException) { throw new TimeoutException($"'{text}' not logged within {timeout.TotalSeconds:0} s; the log:\n{Log()}"); }
    }

    public long Stamp(int line)
    {
        lock (_gate) return _lines[line].Stamp;
    }

    public string Text(int line)
    {
        lock (_gate) return _lines[line].Text;
    }

    /// <summary>A line with the time since the process was started.</summary>
    public string Line(int line) => string.Create(CultureInfo.InvariantCulture,
        $"+{(Stamp(line) - _started) * 1000.0 / Stopwatch.Frequency:0} ms after start: {Text(line)}");

    /// <summary>Every line so far, each with the time since the process was started.</summary>
    public IReadOnlyList<string> Lines()
    {
        int count;
        lock (_gate) count = _lines.Count;
        return [.. Enumerable.Range(0, count).Select(Line)];
    }

    public string Log()
    {
        lock (_gate) return string.Join('\n', _lines.Select(l => l.Text));
    }

    /// <summary>SIGKILL (a crash: nothing is saved), and waits until the process is gone.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill();
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
