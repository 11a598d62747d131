using Pulse.Sdk.Hep.Tests.Support;

namespace Pulse.Sdk.Hep.Tests;

public class SipMessageTests
{
    [Fact]
    public void Parses_an_invite_with_its_headers_and_sdp()
    {
        var m = SipMessage.Parse(Sip.Bytes(Sip.Request("INVITE", "call-1", "8001", 1, body: Sip.Sdp())));
        Assert.True(m.IsRequest);
        Assert.Equal("INVITE", m.Method);
        Assert.Equal("sip:8001@127.0.0.1:5070", m.RequestUri);
        Assert.Equal("8001", m.RequestUser);
        Assert.Equal("call-1", m.CallId);
        Assert.Equal(1, m.CSeq);
        Assert.Equal("INVITE", m.CSeqMethod);
        Assert.Equal("Caller", m.From.DisplayName);
        Assert.Equal("caller", m.From.User);
        Assert.Equal("ftag", m.From.Tag);
        Assert.Null(m.To.Tag);
        Assert.Equal("caller", m.Contact?.User);
        Assert.Equal("application/sdp", m.ContentType);
        Assert.Equal(SdpMediaDirection.SendRecv, m.MediaDirection);
    }

    [Fact]
    public void Parses_a_response_and_its_status()
    {
        var m = SipMessage.Parse(Sip.Bytes(Sip.Response(180, "Ringing", "call-1", 1, "INVITE")));
        Assert.False(m.IsRequest);
        Assert.Equal(180, m.StatusCode);
        Assert.Equal("Ringing", m.ReasonPhrase);
        Assert.Equal("atag", m.To.Tag);
        Assert.Equal("5001", m.Contact?.User);
        Assert.Equal(SdpMediaDirection.None, m.MediaDirection);
    }

    [Fact]
    public void Understands_compact_header_forms_bare_lf_and_folding()
    {
        const string text = "BYE sip:5001@h SIP/2.0\nv: SIP/2.0/UDP h\ni: abc\nf: sip:caller@h;tag=1\nt: <sip:8001@h>;tag=2\n"
            + "CSeq: 3\n BYE\nm: <sip:x@h>, <sip:y@h>\nl: 0\n\n";
        var m = SipMessage.Parse(Sip.Bytes(text));
        Assert.Equal("abc", m.CallId);
        Assert.Equal("1", m.From.Tag);
        Assert.Equal("2", m.To.Tag);
        Assert.Equal("x", m.Contact?.User);
        Assert.Equal(3, m.CSeq);
        Assert.Equal("BYE", m.CSeqMethod);
    }

    [Theory]
    [InlineData("sendonly", nameof(SdpMediaDirection.SendOnly))]
    [InlineData("recvonly", nameof(SdpMediaDirection.RecvOnly))]
    [InlineData("inactive", nameof(SdpMediaDirection.Inactive))]
    [InlineData("sendrecv", nameof(SdpMediaDirection.SendRecv))]
    public void Reads_the_sdp_media_direction(string attribute, string expected)
    {
        var m = SipMessage.Parse(Sip.Bytes(Sip.Request("INVITE", "c", "5001", 2, toTag: "x", body: Sip.Sdp(attribute))));
        Assert.Equal(Enum.Parse<SdpMediaDirection>(expected), m.MediaDirection);
    }

    [Fact]
    public void Old_style_hold_address_is_inactive()
    {
        var body = Sip.Sdp().Replace("c=IN IP4 127.0.0.1", "c=IN IP4 0.0.0.0");
        Assert.Equal(SdpMediaDirection.Inactive, SipMessage.Parse(Sip.Bytes(Sip.Request("INVITE", "c", "5001", 2, toTag: "x", body: body))).MediaDirection);
    }

    [Fact]
    public void Tel_uris_and_user_parameters_give_the_user_part()
    {
        Assert.Equal("+14155550100", SipMessage.UserOf("tel:+14155550100;phone-context=x"));
        Assert.Equal("8001", SipMessage.UserOf("sip:8001;npdi@h"));
        Assert.Equal("8001", SipMessage.UserOf("sips:8001:pw@h"));
        Assert.Null(SipMessage.UserOf("sip:h.example.com"));
        Assert.Null(SipMessage.UserOf("http://x"));
    }

    [Theory]
    [InlineData("", "empty SIP message")]
    [InlineData("HELLO\r\n\r\n", "request line")]
    [InlineData("SIP/2.0 99 Odd\r\n\r\n", "status line")]
    [InlineData("INVITE sip:x@h SIP/2.0\r\nCall-ID: a\r\nCSeq: 1 INVITE\r\nFrom: <sip:a@h>\r\nTo: <sip:b@h>\r\n", "no blank line")]
    [InlineData("INVITE sip:x@h SIP/2.0\r\nCSeq: 1 INVITE\r\nFrom: <sip:a@h>\r\nTo: <sip:b@h>\r\n\r\n", "missing header Call-ID")]
    [InlineData("INVITE sip:x@h SIP/2.0\r\nCall-ID: a\r\nCSeq: one INVITE\r\nFrom: <sip:a@h>\r\nTo: <sip:b@h>\r\n\r\n", "CSeq")]
    [InlineData("INVITE sip:x@h SIP/2.0\r\nCall-ID: a\r\nCSeq: 1 BYE\r\nFrom: <sip:a@h>\r\nTo: <sip:b@h>\r\n\r\n", "does not match")]
    [InlineData("INVITE sip:x@h SIP/2.0\r\nCall-ID: a\r\nCSeq: 1 INVITE\r\nFrom: <sip:a@h>\r\nTo: <sip:b@h>\r\nContent-Length: 50\r\n\r\nv=0", "Content-Length 50 exceeds")]
    [InlineData("INVITE sip:x@h SIP/2.0\r\nNoColonHere\r\n\r\n", "no ':'")]
    [InlineData("INVITE sip:x@h SIP/2.0\r\nCall-ID: a\r\nCSeq: 1 INVITE\r\nFrom: nothing\r\nTo: <sip:b@h>\r\n\r\n", "From:")]
    public void Malformed_messages_give_a_clear_error(string text, string expected)
    {
        Assert.False(SipMessage.TryParse(Sip.Bytes(text), out _, out var error));
        Assert.Contains(expected, error);
        Assert.Throws<SipFormatException>(() => SipMessage.Parse(Sip.Bytes(text)));
    }

    [Fact]
    public void Sizes_are_bounded()
    {
        var longLine = "INVITE sip:x@h SIP/2.0\r\nX-Long: " + new string('a', SipMessage.MaxLineBytes) + "\r\n\r\n";
        Assert.False(SipMessage.TryParse(Sip.Bytes(longLine), out _, out var error));
        Assert.Contains("longer than the limit", error);
        var many = "INVITE sip:x@h SIP/2.0\r\n" + string.Concat(Enumerable.Repeat("X-A: b\r\n", SipMessage.MaxHeaderCount + 1)) + "\r\n";
        Assert.False(SipMessage.TryParse(Sip.Bytes(many), out _, out error));
        Assert.Contains("header lines", error);
        Assert.False(SipMessage.TryParse(new byte[SipMessage.MaxMessageBytes + 1], out _, out error));
    }
}
