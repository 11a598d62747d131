using System.Text;

namespace Pulse.Sdk.Hep.Tests.Support;

/// <summary>Builds SIP message texts for tests.</summary>
internal static class Sip
{
    public static string Sdp(string direction = "sendrecv") =>
        "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
        + $"a={direction}\r\n";

    public static string Request(string method, string callId, string ruriUser, long cseq, string from = "caller", string to = "8001",
        string? toTag = null, string? body = null, string? extra = null)
    {
        var sb = new StringBuilder();
        sb.Append($"{method} sip:{ruriUser}@127.0.0.1:5070 SIP/2.0\r\n");
        sb.Append("Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-").Append(callId).Append('-').Append(cseq).Append("\r\n");
        sb.Append($"From: \"Caller\" <sip:{from}@127.0.0.1:5061>;tag=ftag\r\n");
        sb.Append($"To: <sip:{to}@127.0.0.1:5070>").Append(toTag is null ? "" : ";tag=" + toTag).Append("\r\n");
        sb.Append($"Call-ID: {callId}\r\n");
        sb.Append($"CSeq: {cseq} {(method == "ACK" || method == "CANCEL" ? method : method)}\r\n");
        sb.Append("Contact: <sip:").Append(from).Append("@127.0.0.1:5061>\r\nMax-Forwards: 70\r\n");
        if (extra is not null) sb.Append(extra);
        if (body is not null) sb.Append("Content-Type: application/sdp\r\n");
        sb.Append($"Content-Length: {Encoding.UTF8.GetByteCount(body ?? "")}\r\n\r\n");
        sb.Append(body);
        return sb.ToString();
    }

    public static string Response(int status, string reason, string callId, long cseq, string method, string to = "8001", string? toTag = "atag",
        string contactUser = "5001", string? body = null)
    {
        var sb = new StringBuilder();
        sb.Append($"SIP/2.0 {status} {reason}\r\n");
        sb.Append("Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-").Append(callId).Append('-').Append(cseq).Append("\r\n");
        sb.Append("From: \"Caller\" <sip:caller@127.0.0.1:5061>;tag=ftag\r\n");
        sb.Append($"To: <sip:{to}@127.0.0.1:5070>").Append(toTag is null ? "" : ";tag=" + toTag).Append("\r\n");
        sb.Append($"Call-ID: {callId}\r\nCSeq: {cseq} {method}\r\n");
        sb.Append($"Contact: <sip:{contactUser}@127.0.0.1:5070>\r\n");
        if (body is not null) sb.Append("Content-Type: application/sdp\r\n");
        sb.Append($"Content-Length: {Encoding.UTF8.GetByteCount(body ?? "")}\r\n\r\n");
        sb.Append(body);
        return sb.ToString();
    }

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
