using System.Text.Json;
using System.Net.WebSockets;
using System.Text;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Tests.Support;
using Xunit.Abstractions;

namespace Pulse.Sdk.Service.Tests.Live;

/// <summary>
/// Issue 11: whatever a client sends on the live socket, the server answers with error messages or closes with a close
/// frame naming why, never cuts the socket and never closes it as an internal error (1011, a bug). Mutations of valid
/// messages (so the handler goes deep), random text and hand-picked edge cases; the seed is printed so a failing run
/// can be replayed. (Bytes that are not UTF-8 are refused by the WebSocket layer itself, before the service sees them.)
/// </summary>
public sealed class LiveMessageFuzzTests(ITestOutputHelper output)
{
    private const int Samples = 300;

    [Fact]
    public async Task No_client_message_cuts_the_socket_or_closes_it_as_an_internal_error()
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboard, all: true);
        var (_, layout, _) = await host.SeedAsync();
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        string[] valid =
        [
            $$"""{"op":"subscribe","sub":"s1","layouts":["{{layout.Id}}"],"maxRate":4}""",
            """{"op":"unsubscribe","sub":"s1"}""", """{"op":"resync","sub":"s1"}""", """{"op":"ping"}""",
        ];
        byte[][] edges =
        [
            Encoding.UTF8.GetBytes("""{"op":"subscribe","sub":"\ud800","layouts":[]}"""),                     // a lone surrogate, escaped
            Encoding.UTF8.GetBytes("""{"op":"subscribe","sub":"s1","layouts":["\ud800"]}"""),
            Encoding.UTF8.GetBytes("""{"op":"subscribe","sub":"s1","layouts":[],"maxRate":1e400}"""),
            Encoding.UTF8.GetBytes("""{"op":"subscribe","sub":"s1","layouts":[[[[[[[[[[1]]]]]]]]]]}"""),
            Encoding.UTF8.GetBytes("""{"op":"subscribe","sub":"s1","layouts":"not an array"}"""),
            Encoding.UTF8.GetBytes("[]"), Encoding.UTF8.GetBytes("null"), [],
        ];

        var live = await LiveClient.ConnectAsync(host, "alice@t1");
        var failures = new List<string>();
        try
        {
            for (var i = 0; i < Samples + edges.Length; i++)
            {
                byte[] message;
                // Text frames must be UTF-8 (RFC 6455) and the framework closes a socket that sends other bytes itself, so the
                // random bytes here are printable ASCII.
                if (i < edges.Length) message = edges[i];
                else if (random.Next(5) == 0) message = [.. Enumerable.Range(0, random.Next(0, 200)).Select(_ => (byte)random.Next(32, 127))];
                else
                {
                    message = Encoding.UTF8.GetBytes(valid[random.Next(valid.Length)]);
                    for (var k = random.Next(1, 4); k > 0 && message.Length > 0; k--) message[random.Next(message.Length)] = (byte)random.Next(32, 127);
                }
                try { await live.SendRawAsync(message); }
                catch (WebSocketException) { }
                // Read what came back; a closed socket says how.
                while (true)
                {
                    try
                    {
                        if (await live.TryReceiveAsync(TimeSpan.FromMilliseconds(20)) is null) break;
                    }
                    catch (WebSocketException e)
                    {
                        if (e.Message.EndsWith(": ", StringComparison.Ordinal) || e.Message.Contains(nameof(WebSocketCloseStatus.InternalServerError), StringComparison.Ordinal))
                            failures.Add($"{Convert.ToHexString(message)}: {e.Message}");
                        await live.DisposeAsync();
                        live = await LiveClient.ConnectAsync(host, "alice@t1");
                        break;
                    }
                }
            }
            // And the service still serves a well-formed subscription. Answers to the last fuzz messages may still be on
            // their way (the drain above stops at the first quiet 20 ms): errors before the snapshot are theirs.
            await live.SendAsync(new { op = "subscribe", sub = "after", layouts = new[] { layout.Id } });
            JsonElement answer;
            while ((answer = await live.ReceiveAsync()).GetProperty("type").GetString() == "error") { }
            Assert.Equal("snapshot", answer.GetProperty("type").GetString());
        }
        finally
        {
            await live.DisposeAsync();
        }
        Assert.True(failures.Count == 0, $"seed {seed}: {failures.Count} messages cut the socket or closed it as an internal error:\n" + string.Join("\n", failures.Take(10)));
    }

    [Fact]
    public async Task A_text_frame_that_is_not_utf8_is_closed_with_1007_never_cut()
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboard, all: true);
        byte[][] invalid = [[0xC3, 0x28], [0x7B, 0xFF, 0x7D], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x22, 0xE2, 0x82]];
        var closes = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            await using var live = await LiveClient.ConnectAsync(host, "alice@t1");
            await live.SendRawAsync(invalid[i % invalid.Length]);
            // More frames after the bad one, as a client that keeps writing would: they must not turn the close into a reset.
            try { await live.SendRawAsync("{\"op\":\"ping\"}"u8.ToArray()); } catch (WebSocketException) { }
            closes.Add($"{Convert.ToHexString(invalid[i % invalid.Length])}: {(await live.WaitForCloseAsync())?.ToString() ?? "cut (" + live.CutBy?.Message + ")"}");
        }
        Assert.All(closes, c => Assert.EndsWith(": " + nameof(WebSocketCloseStatus.InvalidPayloadData), c));
    }
}
