using System.Buffers;

namespace Pulse.Sdk.Feed;

/// <summary>What <see cref="FeedLineReader.ReadLineAsync"/> found.</summary>
internal enum FeedLineStatus
{
    /// <summary>A complete line is in <see cref="FeedLineReader.Line"/>.</summary>
    Line,

    /// <summary>A line longer than the limit was skipped up to its newline.</summary>
    TooLong,

    /// <summary>The peer closed the connection cleanly between lines.</summary>
    End,

    /// <summary>The peer closed the connection in the middle of a line (a truncated frame).</summary>
    Truncated,
}

/// <summary>
/// Splits the bytes of a connection (a <see cref="System.Net.Sockets.NetworkStream"/>, or the
/// <see cref="System.Net.Security.SslStream"/> over it) into lines without buffering more than the limit: an over-long
/// line is dropped up to its newline. In low-memory mode (server side, mostly idle receivers) the buffer is returned to
/// the pool while nothing is pending and the reader waits with a zero-byte read, which both streams pass to the socket.
/// </summary>
internal sealed class FeedLineReader : IDisposable
{
    private const int Chunk = 16 * 1024;
    private readonly Stream _stream;
    private readonly int _maxLine;
    private readonly bool _lowMemory;
    private byte[]? _buffer;
    private int _start, _end, _scanned;
    private bool _discarding;

    public FeedLineReader(Stream stream, int maxLineBytes, bool lowMemory)
    {
        _stream = stream;
        _maxLine = maxLineBytes;
        _lowMemory = lowMemory;
    }

    /// <summary>The line found by the last read, valid until the next one; without its <c>\r\n</c> or <c>\n</c>.</summary>
    public ReadOnlyMemory<byte> Line { get; private set; }

    /// <summary>Bytes received so far.</summary>
    public long BytesRead { get; private set; }

    public async ValueTask<FeedLineStatus> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_buffer is not null && _end > _scanned)
            {
                int idx = _buffer.AsSpan(_scanned, _end - _scanned).IndexOf((byte)'\n');
                if (idx >= 0)
                {
                    int lineEnd = _scanned + idx;
                    int lineStart = _start;
                    _start = _scanned = lineEnd + 1;
                    if (_discarding)
                    {
                        _discarding = false;
                        return FeedLineStatus.TooLong;
                    }

                    int length = lineEnd - lineStart;
                    if (length > 0 && _buffer[lineEnd - 1] == (byte)'\r') length--;
                    if (length > _maxLine) return FeedLineStatus.TooLong;
                    Line = _buffer.AsMemory(lineStart, length);
                    return FeedLineStatus.Line;
                }

                _scanned = _end;
            }

            if (_discarding || (_buffer is not null && _end - _start > _maxLine + 1))
            {
                _discarding = true;
                _start = _scanned = _end = 0;
            }

            if (_buffer is not null && _start == _end)
            {
                _start = _scanned = _end = 0;
                if (_lowMemory)
                {
                    ArrayPool<byte>.Shared.Return(_buffer);
                    _buffer = null;
                }
            }

            if (_buffer is null)
            {
                if (_lowMemory) await _stream.ReadAsync(Memory<byte>.Empty, cancellationToken).ConfigureAwait(false);
                _buffer = ArrayPool<byte>.Shared.Rent(_lowMemory ? 1024 : _maxLine + 2 + Chunk);
            }
            else if (_end == _buffer.Length)
            {
                if (_start > 0)
                {
                    _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                    _end -= _start;
                    _scanned -= _start;
                    _start = 0;
                }
                else
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, _maxLine + 2 + Chunk));
                    _buffer.AsSpan(0, _end).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(_buffer);
                    _buffer = bigger;
                }
            }

            int n = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                bool partial = _discarding || _end > _start;
                _start = _scanned = _end = 0;
                _discarding = false;
                return partial ? FeedLineStatus.Truncated : FeedLineStatus.End;
            }

            _end += n;
            BytesRead += n;
        }
    }

    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }
}
