using System.Buffers.Text;
using System.Text;

namespace Pulse.Sdk.Hep;

/// <summary>
/// A parsed SIP message (RFC 3261): the request or status line and the headers the dialog tracker needs —
/// Call-ID, CSeq, From, To, Contact, Content-Type, Content-Length, Refer-To, Referred-By — and, from an SDP
/// body, the media direction (hold detection). Other headers are checked for form and skipped.
/// </summary>
/// <remarks>
/// Compact header forms are understood (<c>i</c> Call-ID, <c>f</c> From, <c>t</c> To, <c>v</c> Via, <c>m</c> Contact,
/// <c>l</c> Content-Length, <c>c</c> Content-Type, <c>r</c> Refer-To, <c>b</c> Referred-By). Lines may end in CRLF or
/// a bare LF; folded header lines are joined. Sizes are bounded: <see cref="MaxMessageBytes"/>,
/// <see cref="MaxHeaderCount"/>, <see cref="MaxLineBytes"/>. Call-ID, CSeq, From and To are required.
/// </remarks>
internal sealed class SipMessage
{
    /// <summary>The largest message parsed (the most a HEP3 packet can hold).</summary>
    public const int MaxMessageBytes = 65_535;

    /// <summary>The most header lines a message may have.</summary>
    public const int MaxHeaderCount = 256;

    /// <summary>The longest start line or header line.</summary>
    public const int MaxLineBytes = 8_192;

    private SipMessage()
    {
    }

    /// <summary>Whether this is a request (otherwise a response).</summary>
    public bool IsRequest { get; private init; }

    /// <summary>The request method (<c>INVITE</c>, <c>BYE</c> ...), or <see langword="null"/> for a response.</summary>
    public string? Method { get; private init; }

    /// <summary>The Request-URI, or <see langword="null"/> for a response.</summary>
    public string? RequestUri { get; private init; }

    /// <summary>The user part of the Request-URI, or <see langword="null"/>.</summary>
    public string? RequestUser { get; private init; }

    /// <summary>The status code of a response (100 .. 699), or 0 for a request.</summary>
    public int StatusCode { get; private init; }

    /// <summary>The reason phrase of a response, or <see langword="null"/>.</summary>
    public string? ReasonPhrase { get; private init; }

    /// <summary>The Call-ID.</summary>
    public string CallId { get; private init; } = "";

    /// <summary>The CSeq sequence number.</summary>
    public long CSeq { get; private init; }

    /// <summary>The CSeq method: on a response, the method of the request it answers.</summary>
    public string CSeqMethod { get; private init; } = "";

    /// <summary>The From header.</summary>
    public SipNameAddress From { get; private init; } = null!;

    /// <summary>The To header.</summary>
    public SipNameAddress To { get; private init; } = null!;

    /// <summary>The first Contact, or <see langword="null"/>.</summary>
    public SipNameAddress? Contact { get; private init; }

    /// <summary>The Refer-To header (REFER), or <see langword="null"/>.</summary>
    public SipNameAddress? ReferTo { get; private init; }

    /// <summary>The Referred-By header, or <see langword="null"/>.</summary>
    public SipNameAddress? ReferredBy { get; private init; }

    /// <summary>The Content-Type, or <see langword="null"/>.</summary>
    public string? ContentType { get; private init; }

    /// <summary>The body length in bytes (Content-Length, or the bytes after the headers when absent).</summary>
    public int ContentLength { get; private init; }

    /// <summary>The media direction of an SDP body, or <see cref="SdpMediaDirection.None"/> without SDP.</summary>
    public SdpMediaDirection MediaDirection { get; private init; }

    /// <summary>Whether the message is a request with method <paramref name="method"/>, or a response to one.</summary>
    /// <param name="method">An upper-case method name.</param>
    /// <returns><see langword="true"/> when the CSeq method is <paramref name="method"/>.</returns>
    public bool Is(string method) => string.Equals(CSeqMethod, method, StringComparison.Ordinal);

    /// <summary>Parses a SIP message.</summary>
    /// <param name="message">The message bytes (UTF-8).</param>
    /// <returns>The message.</returns>
    /// <exception cref="SipFormatException">The bytes are not a well-formed SIP message; the message names the line or header.</exception>
    public static SipMessage Parse(ReadOnlySpan<byte> message) =>
        TryParse(message, out var result, out var error) ? result : throw new SipFormatException(error);

    /// <summary>Parses a SIP message without throwing.</summary>
    /// <param name="message">The message bytes (UTF-8).</param>
    /// <param name="result">The message when well formed.</param>
    /// <param name="error">What is wrong, when not.</param>
    /// <returns><see langword="true"/> when <paramref name="message"/> is a well-formed SIP message.</returns>
    public static bool TryParse(ReadOnlySpan<byte> message, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SipMessage? result, out string error)
    {
        result = null;
        if (message.IsEmpty)
        {
            error = "empty SIP message";
            return false;
        }

        if (message.Length > MaxMessageBytes)
        {
            error = $"SIP message of {message.Length} bytes is longer than the limit of {MaxMessageBytes}";
            return false;
        }

        int pos = 0;
        if (!NextLine(message, ref pos, out var startLine, out error)) return false;

        bool isRequest;
        string? method = null, requestUri = null, requestUser = null, reason = null;
        int status = 0;
        if (startLine.StartsWith("SIP/2.0 "u8))
        {
            isRequest = false;
            var rest = startLine[8..];
            if (rest.Length < 3 || !Utf8Parser.TryParse(rest[..3], out status, out int used) || used != 3 || status is < 100 or > 699
                || (rest.Length > 3 && rest[3] != (byte)' '))
            {
                error = "status line: expected 'SIP/2.0 <code 100-699> <reason>'";
                return false;
            }

            reason = rest.Length > 4 ? Encoding.UTF8.GetString(rest[4..]) : "";
        }
        else
        {
            isRequest = true;
            int sp1 = startLine.IndexOf((byte)' ');
            int sp2 = sp1 < 0 ? -1 : startLine[(sp1 + 1)..].IndexOf((byte)' ');
            if (sp1 <= 0 || sp2 <= 0 || !startLine[(sp1 + 1 + sp2 + 1)..].SequenceEqual("SIP/2.0"u8))
            {
                error = "request line: expected '<METHOD> <Request-URI> SIP/2.0' or a status line 'SIP/2.0 <code> <reason>'";
                return false;
            }

            var methodSpan = startLine[..sp1];
            if (!IsToken(methodSpan))
            {
                error = "request line: the method is not a SIP token";
                return false;
            }

            method = KnownMethod(methodSpan) ?? Encoding.ASCII.GetString(methodSpan);
            var uriSpan = startLine.Slice(sp1 + 1, sp2);
            requestUri = Encoding.UTF8.GetString(uriSpan);
            requestUser = UserOf(requestUri);
        }

        string? callId = null, cseqMethod = null, contentType = null;
        long cseq = -1;
        int contentLength = -1, headerCount = 0;
        SipNameAddress? from = null, to = null, contact = null, referTo = null, referredBy = null;
        bool headersEnded = false;
        while (pos < message.Length)
        {
            if (!NextLine(message, ref pos, out var line, out error)) return false;
            if (line.IsEmpty)
            {
                headersEnded = true;
                break;
            }

            if (++headerCount > MaxHeaderCount)
            {
                error = $"more than {MaxHeaderCount} header lines";
                return false;
            }

            // Folded continuation lines (leading whitespace) are joined to this header.
            string? folded = null;
            while (pos < message.Length && message[pos] is (byte)' ' or (byte)'\t')
            {
                if (!NextLine(message, ref pos, out var continuation, out error)) return false;
                folded = (folded ?? Encoding.UTF8.GetString(line)) + " " + Encoding.UTF8.GetString(continuation.Trim(" \t"u8));
            }

            ReadOnlySpan<byte> full = folded is null ? line : Encoding.UTF8.GetBytes(folded);
            int colon = full.IndexOf((byte)':');
            if (colon <= 0)
            {
                error = $"header line {headerCount}: no ':' after the header name";
                return false;
            }

            var name = full[..colon].TrimEnd(" \t"u8);
            if (!IsToken(name))
            {
                error = $"header line {headerCount}: the header name is not a SIP token";
                return false;
            }

            var value = full[(colon + 1)..].Trim(" \t"u8);
            switch (Canonical(name))
            {
                case Header.CallId:
                    if (value.IsEmpty)
                    {
                        error = "Call-ID is empty";
                        return false;
                    }

                    callId = Encoding.UTF8.GetString(value);
                    break;
                case Header.CSeq:
                    int sp = value.IndexOf((byte)' ');
                    if (sp <= 0 || !Utf8Parser.TryParse(value[..sp], out long number, out int n) || n != sp || number < 0
                        || !IsToken(value[(sp + 1)..].Trim(" \t"u8)))
                    {
                        error = "CSeq: expected '<number> <METHOD>'";
                        return false;
                    }

                    cseq = number;
                    var cm = value[(sp + 1)..].Trim(" \t"u8);
                    cseqMethod = KnownMethod(cm) ?? Encoding.ASCII.GetString(cm);
                    break;
                case Header.From:
                    if ((from = ParseNameAddress(value)) is null)
                    {
                        error = "From: not a name-addr or addr-spec";
                        return false;
                    }

                    break;
                case Header.To:
                    if ((to = ParseNameAddress(value)) is null)
                    {
                        error = "To: not a name-addr or addr-spec";
                        return false;
                    }

                    break;
                case Header.Contact:
                    if (contact is null && !value.SequenceEqual("*"u8)) contact = ParseNameAddress(FirstOfList(value));
                    break;
                case Header.ReferTo:
                    referTo = ParseNameAddress(value);
                    break;
                case Header.ReferredBy:
                    referredBy = ParseNameAddress(value);
                    break;
                case Header.ContentType:
                    contentType = Encoding.ASCII.GetString(value);
                    break;
                case Header.ContentLength:
                    if (!Utf8Parser.TryParse(value, out int cl, out int clUsed) || clUsed != value.Length || cl < 0)
                    {
                        error = "Content-Length: not a non-negative integer";
                        return false;
                    }

                    contentLength = cl;
                    break;
            }
        }

        if (!headersEnded)
        {
            error = "no blank line ends the headers (truncated message?)";
            return false;
        }

        error = callId is null ? "missing header Call-ID"
            : cseqMethod is null ? "missing header CSeq"
            : from is null ? "missing header From"
            : to is null ? "missing header To"
            : "";
        if (error.Length > 0) return false;
        if (isRequest && !string.Equals(method, cseqMethod, StringComparison.Ordinal) && method is not ("ACK" or "CANCEL"))
        {
            error = $"CSeq method {cseqMethod} does not match the request method {method}";
            return false;
        }

        int available = message.Length - pos;
        if (contentLength > available)
        {
            error = $"Content-Length {contentLength} exceeds the {available} bytes of body (truncated message?)";
            return false;
        }

        int bodyLength = contentLength >= 0 ? contentLength : available;
        var body = message.Slice(pos, bodyLength);
        bool isSdp = contentType is not null
            ? contentType.StartsWith("application/sdp", StringComparison.OrdinalIgnoreCase)
            : body.StartsWith("v=0"u8);
        result = new SipMessage
        {
            IsRequest = isRequest, Method = method, RequestUri = requestUri, RequestUser = requestUser, StatusCode = status,
            ReasonPhrase = reason, CallId = callId!, CSeq = cseq, CSeqMethod = cseqMethod!, From = from!, To = to!,
            Contact = contact, ReferTo = referTo, ReferredBy = referredBy, ContentType = contentType, ContentLength = bodyLength,
            MediaDirection = isSdp && bodyLength > 0 ? ReadDirection(body) : SdpMediaDirection.None,
        };
        error = "";
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => IsRequest
        ? $"{Method} {RequestUri} (Call-ID {CallId}, CSeq {CSeq} {CSeqMethod})"
        : $"{StatusCode} {ReasonPhrase} (Call-ID {CallId}, CSeq {CSeq} {CSeqMethod})";

    private enum Header
    {
        Other,
        CallId,
        CSeq,
        From,
        To,
        Contact,
        ReferTo,
        ReferredBy,
        ContentType,
        ContentLength,
    }

    private static Header Canonical(ReadOnlySpan<byte> name)
    {
        if (name.Length == 1)
        {
            return (name[0] | 0x20) switch
            {
                'i' => Header.CallId,
                'f' => Header.From,
                't' => Header.To,
                'm' => Header.Contact,
                'r' => Header.ReferTo,
                'b' => Header.ReferredBy,
                'c' => Header.ContentType,
                'l' => Header.ContentLength,
                _ => Header.Other,
            };
        }

        if (Ascii.EqualsIgnoreCase(name, "Call-ID"u8)) return Header.CallId;
        if (Ascii.EqualsIgnoreCase(name, "CSeq"u8)) return Header.CSeq;
        if (Ascii.EqualsIgnoreCase(name, "From"u8)) return Header.From;
        if (Ascii.EqualsIgnoreCase(name, "To"u8)) return Header.To;
        if (Ascii.EqualsIgnoreCase(name, "Contact"u8)) return Header.Contact;
        if (Ascii.EqualsIgnoreCase(name, "Refer-To"u8)) return Header.ReferTo;
        if (Ascii.EqualsIgnoreCase(name, "Referred-By"u8)) return Header.ReferredBy;
        if (Ascii.EqualsIgnoreCase(name, "Content-Type"u8)) return Header.ContentType;
        if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8)) return Header.ContentLength;
        return Header.Other;
    }

    private static string? KnownMethod(ReadOnlySpan<byte> m) => m switch
    {
        _ when m.SequenceEqual("INVITE"u8) => "INVITE",
        _ when m.SequenceEqual("ACK"u8) => "ACK",
        _ when m.SequenceEqual("BYE"u8) => "BYE",
        _ when m.SequenceEqual("CANCEL"u8) => "CANCEL",
        _ when m.SequenceEqual("REFER"u8) => "REFER",
        _ when m.SequenceEqual("NOTIFY"u8) => "NOTIFY",
        _ when m.SequenceEqual("OPTIONS"u8) => "OPTIONS",
        _ when m.SequenceEqual("REGISTER"u8) => "REGISTER",
        _ when m.SequenceEqual("UPDATE"u8) => "UPDATE",
        _ when m.SequenceEqual("PRACK"u8) => "PRACK",
        _ when m.SequenceEqual("INFO"u8) => "INFO",
        _ => null,
    };

    private static bool NextLine(ReadOnlySpan<byte> message, ref int pos, out ReadOnlySpan<byte> line, out string error)
    {
        var rest = message[pos..];
        int lf = rest.IndexOf((byte)'\n');
        int length = lf < 0 ? rest.Length : lf;
        int next = lf < 0 ? rest.Length : lf + 1;
        if (length > 0 && rest[length - 1] == (byte)'\r') length--;
        if (length > MaxLineBytes)
        {
            line = default;
            error = $"a line at byte {pos} is longer than the limit of {MaxLineBytes} bytes";
            return false;
        }

        line = rest[..length];
        if (line.IndexOfAny((byte)0, (byte)'\r') >= 0)
        {
            error = $"the line at byte {pos} holds a NUL or a bare CR";
            return false;
        }

        pos += next;
        error = "";
        return true;
    }

    private static bool IsToken(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty) return false;
        foreach (byte b in s)
        {
            if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9') continue;
            if ("-.!%*_+`'~"u8.IndexOf(b) < 0) return false;
        }

        return true;
    }

    private static ReadOnlySpan<byte> FirstOfList(ReadOnlySpan<byte> value)
    {
        // A comma outside <...> and quotes separates list entries.
        bool quoted = false, angle = false;
        for (int i = 0; i < value.Length; i++)
        {
            switch (value[i])
            {
                case (byte)'"': quoted = !quoted; break;
                case (byte)'<' when !quoted: angle = true; break;
                case (byte)'>' when !quoted: angle = false; break;
                case (byte)',' when !quoted && !angle: return value[..i].TrimEnd(" \t"u8);
            }
        }

        return value;
    }

    /// <summary>Parses <c>"Name" &lt;uri&gt;;tag=x</c> or <c>uri;tag=x</c>.</summary>
    internal static SipNameAddress? ParseNameAddress(ReadOnlySpan<byte> value)
    {
        string? display = null;
        ReadOnlySpan<byte> uri, parameters;
        int lt = value.IndexOf((byte)'<');
        if (lt >= 0)
        {
            int gt = value[lt..].IndexOf((byte)'>');
            if (gt < 0) return null;
            var name = value[..lt].Trim(" \t"u8);
            if (name.Length >= 2 && name[0] == (byte)'"' && name[^1] == (byte)'"') name = name[1..^1];
            if (!name.IsEmpty) display = Encoding.UTF8.GetString(name);
            uri = value.Slice(lt + 1, gt - 1);
            parameters = value[(lt + gt + 1)..];
        }
        else
        {
            int semi = value.IndexOf((byte)';');
            uri = semi < 0 ? value : value[..semi];
            parameters = semi < 0 ? default : value[semi..];
        }

        uri = uri.Trim(" \t"u8);
        int schemeEnd = uri.IndexOf((byte)':');
        if (uri.IsEmpty || schemeEnd <= 0) return null;
        string? tag = null;
        while (!parameters.IsEmpty)
        {
            parameters = parameters.TrimStart(" \t;"u8);
            int end = parameters.IndexOf((byte)';');
            var p = end < 0 ? parameters : parameters[..end];
            if (p.Length > 4 && Ascii.EqualsIgnoreCase(p[..4], "tag="u8)) tag = Encoding.UTF8.GetString(p[4..].Trim(" \t"u8));
            parameters = end < 0 ? default : parameters[end..];
        }

        string uriText = Encoding.UTF8.GetString(uri);
        return new SipNameAddress(display, uriText, UserOf(uriText), tag);
    }

    /// <summary>The user part of a <c>sip:</c>/<c>sips:</c> URI, or the number of a <c>tel:</c> URI.</summary>
    internal static string? UserOf(string uri)
    {
        ReadOnlySpan<char> u = uri;
        if (u.StartsWith("sip:", StringComparison.OrdinalIgnoreCase)) u = u[4..];
        else if (u.StartsWith("sips:", StringComparison.OrdinalIgnoreCase)) u = u[5..];
        else if (u.StartsWith("tel:", StringComparison.OrdinalIgnoreCase))
        {
            u = u[4..];
            int semi = u.IndexOf(';');
            return semi == 0 || u.IsEmpty ? null : (semi < 0 ? u : u[..semi]).ToString();
        }
        else return null;

        int at = u.IndexOf('@');
        if (at <= 0) return null;
        var user = u[..at];
        int colon = user.IndexOf(':'); // user:password
        if (colon >= 0) user = user[..colon];
        int semiUser = user.IndexOf(';'); // user parameters
        if (semiUser >= 0) user = user[..semiUser];
        return user.IsEmpty ? null : user.ToString();
    }

    private static SdpMediaDirection ReadDirection(ReadOnlySpan<byte> body)
    {
        var direction = SdpMediaDirection.SendRecv;
        bool nullConnection = false;
        while (!body.IsEmpty)
        {
            int lf = body.IndexOf((byte)'\n');
            var line = (lf < 0 ? body : body[..lf]).TrimEnd("\r"u8);
            body = lf < 0 ? default : body[(lf + 1)..];
            if (line.SequenceEqual("a=sendonly"u8)) direction = SdpMediaDirection.SendOnly;
            else if (line.SequenceEqual("a=recvonly"u8)) direction = SdpMediaDirection.RecvOnly;
            else if (line.SequenceEqual("a=inactive"u8)) direction = SdpMediaDirection.Inactive;
            else if (line.SequenceEqual("a=sendrecv"u8)) direction = SdpMediaDirection.SendRecv;
            else if (line.SequenceEqual("c=IN IP4 0.0.0.0"u8)) nullConnection = true;
        }

        return nullConnection && direction == SdpMediaDirection.SendRecv ? SdpMediaDirection.Inactive : direction;
    }
}
