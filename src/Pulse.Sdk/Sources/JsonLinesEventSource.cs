using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using Pulse.Sdk.Diagnostics;
using Pulse.Sdk.Events;
using Pulse.Sdk.Events.Json;

namespace Pulse.Sdk.Sources;

/// <summary>
/// Reads events in the JSON-lines encoding of <see cref="EventJson"/> from a file, a stream or a text reader:
/// one event per line, <c>\n</c> or <c>\r\n</c> terminated; blank lines and lines starting with <c>#</c> are skipped.
/// </summary>
/// <remarks>
/// <para>
/// A bad line never stops the stream: it is counted in <see cref="RejectedCount"/> and in the
/// <c>pulse_events_rejected_total</c> metric (tags <c>source</c> = <see cref="Name"/>, <c>reason</c> =
/// <c>malformed_json</c>, <c>invalid_field</c>, <c>unknown_event</c>, <c>missing_field</c> or <c>line_too_long</c>),
/// reported to <see cref="JsonLinesSourceOptions.OnRejected"/> as an <see cref="EventRejectedException"/>
/// with the 1-based line number, and reading goes on with the next line.
/// </para>
/// <para>
/// Bytes are read into one pooled buffer and scanned for newlines; each line is decoded in place, so no string is
/// made per line. A source built from a path can be read any number of times (each read opens the file anew);
/// one built from a stream or a text reader can be read once.
/// </para>
/// </remarks>
public sealed class JsonLinesEventSource : IEventSource
{
    private const int MinReadChunk = 8192;

    private readonly string? _path;
    private readonly Stream? _stream;
    private readonly TextReader? _textReader;
    private readonly bool _leaveOpen;
    private int _started;
    private long _lineCount;
    private long _rejectedCount;

    /// <summary>Reads the JSON-lines file at <paramref name="path"/>; <see cref="Name"/> is the path.</summary>
    /// <param name="path">The file. It is opened when reading starts, shared for reading and writing (so that it can be followed while written).</param>
    /// <param name="options">Options; <see langword="null"/> for the defaults.</param>
    public JsonLinesEventSource(string path, JsonLinesSourceOptions? options = null)
        : this(options, path)
    {
        _path = path;
    }

    /// <summary>Reads JSON lines from <paramref name="stream"/> (for example <c>Console.OpenStandardInput()</c> named <c>stdin</c>).</summary>
    /// <param name="stream">A readable stream of UTF-8 text.</param>
    /// <param name="name">The source name used in errors and metrics, for example <c>stdin</c>.</param>
    /// <param name="options">Options; <see langword="null"/> for the defaults.</param>
    /// <param name="leaveOpen"><see langword="true"/> to leave <paramref name="stream"/> open when reading ends; by default it is disposed.</param>
    public JsonLinesEventSource(Stream stream, string name, JsonLinesSourceOptions? options = null, bool leaveOpen = false)
        : this(options, name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead) throw new ArgumentException("the stream must be readable", nameof(stream));
        _stream = stream;
        _leaveOpen = leaveOpen;
    }

    /// <summary>Reads JSON lines from <paramref name="reader"/>; its characters are encoded to UTF-8 as they are read.</summary>
    /// <param name="reader">The text reader.</param>
    /// <param name="name">The source name used in errors and metrics.</param>
    /// <param name="options">Options; <see langword="null"/> for the defaults.</param>
    /// <param name="leaveOpen"><see langword="true"/> to leave <paramref name="reader"/> open when reading ends; by default it is disposed.</param>
    public JsonLinesEventSource(TextReader reader, string name, JsonLinesSourceOptions? options = null, bool leaveOpen = false)
        : this(options, name)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _textReader = reader;
        _leaveOpen = leaveOpen;
    }

    private JsonLinesEventSource(JsonLinesSourceOptions? options, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        options ??= new JsonLinesSourceOptions();
        OptionsValidation.ThrowIfInvalid(options.Validate(), nameof(options));
        Name = name;
        Options = options;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The options in force.</summary>
    public JsonLinesSourceOptions Options { get; }

    /// <summary>Lines read so far, over every read of this source: events, rejected lines, blank lines and comments.</summary>
    public long LineCount => Interlocked.Read(ref _lineCount);

    /// <summary>Lines rejected so far, over every read of this source.</summary>
    public long RejectedCount => Interlocked.Read(ref _rejectedCount);

    /// <summary>
    /// Reads every event of a JSON-lines file at once (for replay and tests).
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="errors">The rejected lines, in order.</param>
    /// <param name="options">Options; <see cref="JsonLinesSourceOptions.Follow"/> must be off. Its <see cref="JsonLinesSourceOptions.OnRejected"/>, if any, is called as well.</param>
    /// <returns>The valid events, in file order.</returns>
    public static List<PulseEvent> ReadAll(string path, out List<EventRejectedException> errors, JsonLinesSourceOptions? options = null)
    {
        if (options?.Follow == true) throw new ArgumentException("Follow cannot be used with ReadAll: the read would never end", nameof(options));
        var rejected = new List<EventRejectedException>();
        var callback = options?.OnRejected;
        var source = new JsonLinesEventSource(path, (options ?? new JsonLinesSourceOptions()) with
        {
            OnRejected = e =>
            {
                rejected.Add(e);
                callback?.Invoke(e);
            },
        });

        var events = new List<PulseEvent>();
        foreach (var evt in source.ReadAllAsync().ToBlockingEnumerable()) events.Add(evt);
        errors = rejected;
        return events;
    }

    /// <summary>
    /// Reads events until the end of the input, or, in <see cref="JsonLinesSourceOptions.Follow"/> mode, until
    /// <paramref name="cancellationToken"/> is cancelled (which throws <see cref="OperationCanceledException"/>).
    /// </summary>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The valid events, in input order.</returns>
    /// <exception cref="InvalidOperationException">A source built from a stream or a text reader is read a second time.</exception>
    public async IAsyncEnumerable<PulseEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Input input = OpenInput();
        int maxLine = Options.MaxLineBytes;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(maxLine + 2 + MinReadChunk);
        int start = 0, end = 0, scanned = 0;
        long lineNumber = 0;
        bool discarding = false; // inside a line already rejected as too long: drop bytes up to its newline
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int newline = end > scanned ? Array.IndexOf(buffer, (byte)'\n', scanned, end - scanned) : -1;
                if (newline >= 0)
                {
                    int lineStart = start;
                    start = scanned = newline + 1;
                    if (discarding)
                    {
                        discarding = false; // the tail of a rejected over-long line; already counted
                        continue;
                    }

                    lineNumber++;
                    Interlocked.Increment(ref _lineCount);
                    if (ProcessLine(buffer, lineStart, newline - lineStart, lineNumber) is { } evt) yield return evt;
                    continue;
                }

                scanned = end;
                if (discarding)
                {
                    start = end = scanned = 0;
                }
                else if (end - start > maxLine + 1) // +1: a '\r' before the newline is not part of the line
                {
                    lineNumber++;
                    Interlocked.Increment(ref _lineCount);
                    RejectTooLong(lineNumber);
                    discarding = true;
                    start = end = scanned = 0;
                }
                else if (start > 0)
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    scanned -= start;
                    start = 0;
                }

                int read = await input.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
                if (read > 0)
                {
                    end += read;
                    continue;
                }

                if (Options.Follow)
                {
                    if (input.RewindIfTruncated())
                    {
                        start = end = scanned = 0;
                        lineNumber = 0;
                        discarding = false;
                        continue;
                    }

                    await Task.Delay(Options.PollInterval, Options.TimeProvider, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                // End of input: a last line without its newline still counts.
                if (!discarding && end > start)
                {
                    lineNumber++;
                    Interlocked.Increment(ref _lineCount);
                    int lineStart = start;
                    start = end;
                    if (ProcessLine(buffer, lineStart, end - lineStart, lineNumber) is { } last) yield return last;
                }

                yield break;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            await input.DisposeAsync().ConfigureAwait(false);
        }
    }

    private Input OpenInput()
    {
        if (_path is not null)
        {
            var file = new FileStream(_path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite | FileShare.Delete,
                BufferSize = 0, // the source buffers itself
                Options = FileOptions.SequentialScan,
            });
            return new StreamInput(file, owns: true);
        }

        if (Interlocked.Exchange(ref _started, 1) != 0)
            throw new InvalidOperationException($"the source '{Name}' reads a stream or a text reader and can be read only once");
        return _stream is not null
            ? new StreamInput(_stream, owns: !_leaveOpen)
            : new TextInput(_textReader!, owns: !_leaveOpen);
    }

    private PulseEvent? ProcessLine(byte[] buffer, int offset, int length, long lineNumber)
    {
        ReadOnlySpan<byte> line = buffer.AsSpan(offset, length);
        if (!line.IsEmpty && line[^1] == (byte)'\r') line = line[..^1];
        if (lineNumber == 1 && line.StartsWith("\uFEFF"u8)) line = line[3..]; // UTF-8 byte order mark
        if (line.Length > Options.MaxLineBytes)
        {
            RejectTooLong(lineNumber);
            return null;
        }

        ReadOnlySpan<byte> trimmed = line.TrimStart(" \t"u8);
        if (trimmed.IsEmpty || trimmed[0] == (byte)'#') return null; // blank line or comment

        if (EventJson.TryParse(line, out var evt, out var error, out var kind)) return evt;
        Reject(lineNumber, kind, error);
        return null;
    }

    private void RejectTooLong(long lineNumber) =>
        Reject(lineNumber, EventJsonErrorKind.LineTooLong, $"line is longer than the limit of {Options.MaxLineBytes} bytes (MaxLineBytes)");

    private void Reject(long lineNumber, EventJsonErrorKind kind, string reason)
    {
        Interlocked.Increment(ref _rejectedCount);
        PulseMetrics.EventsRejected.Add(
            1,
            new KeyValuePair<string, object?>("source", Name),
            new KeyValuePair<string, object?>("reason", EventJson.ReasonCode(kind)));
        Options.OnRejected?.Invoke(new EventRejectedException(Name, lineNumber, reason));
    }

    /// <summary>Where the bytes come from.</summary>
    private abstract class Input : IAsyncDisposable
    {
        public abstract ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken);

        /// <summary>In follow mode at the end of the input: when the input shrank below the read position, goes back to its start.</summary>
        public virtual bool RewindIfTruncated() => false;

        public abstract ValueTask DisposeAsync();
    }

    private sealed class StreamInput(Stream stream, bool owns) : Input
    {
        public override ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken) =>
            stream.ReadAsync(destination, cancellationToken);

        public override bool RewindIfTruncated()
        {
            if (!stream.CanSeek || stream.Length >= stream.Position) return false;
            stream.Position = 0;
            return true;
        }

        public override ValueTask DisposeAsync() => owns ? stream.DisposeAsync() : ValueTask.CompletedTask;
    }

    private sealed class TextInput(TextReader reader, bool owns) : Input
    {
        private readonly Encoder _encoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetEncoder();
        private char[]? _chars = ArrayPool<char>.Shared.Rent(4096);

        public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
        {
            char[] chars = _chars ?? throw new ObjectDisposedException(nameof(TextInput));

            // At most 3 bytes per char, plus 4 for a surrogate pair completed from the previous read.
            int maxChars = Math.Min(chars.Length, (destination.Length - 4) / 3);
            while (true)
            {
                int n = await reader.ReadAsync(chars.AsMemory(0, maxChars), cancellationToken).ConfigureAwait(false);
                if (n == 0) return _encoder.GetBytes(ReadOnlySpan<char>.Empty, destination.Span, flush: true);
                int bytes = _encoder.GetBytes(chars.AsSpan(0, n), destination.Span, flush: false);
                if (bytes > 0) return bytes; // 0 only when a lone high surrogate waits for its pair
            }
        }

        public override ValueTask DisposeAsync()
        {
            if (_chars is { } chars)
            {
                _chars = null;
                ArrayPool<char>.Shared.Return(chars);
            }

            if (owns) reader.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
