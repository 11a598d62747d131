using Pulse.Sdk.Authentication.Http;

namespace Pulse.Sdk.Authentication.Tests.Http;

/// <summary>A login body is answered 400 naming the field whatever its bytes: never an exception (a 500).</summary>
public class LoginRequestReaderTests
{
    [Fact]
    public void Invalid_utf8_in_a_field_is_a_problem_naming_it()
    {
        // {"username":"ali<0x84>ce","password":"secret"}: valid JSON structure, invalid UTF-8 inside the string.
        var body = "{\"username\":\"ali"u8.ToArray().Concat(new byte[] { 0x84 }).Concat("ce\",\"password\":\"secret\"}"u8.ToArray()).ToArray();
        var (login, problem) = LoginRequestReader.Parse(body);
        Assert.Null(login);
        Assert.Equal("username: not valid UTF-8", problem);
    }

    [Fact]
    public void Arbitrary_bytes_never_throw()
    {
        var random = new Random(20261203);
        var valid = "{\"username\":\"alice\",\"password\":\"secret\"}"u8.ToArray();
        for (var i = 0; i < 20_000; i++)
        {
            // Mutations of a valid body (most stay close to JSON, so the parser goes deep) and random bytes.
            var body = (byte[])valid.Clone();
            for (var k = random.Next(1, 4); k > 0; k--) body[random.Next(body.Length)] = (byte)random.Next(256);
            if (i % 10 == 0) body = [.. Enumerable.Range(0, random.Next(64)).Select(_ => (byte)random.Next(256))];
            var (login, problem) = LoginRequestReader.Parse(body);
            Assert.True((login is null) != (problem is null), Convert.ToHexString(body));
        }
    }
}
