namespace Pulse.Host.Tests;

/// <summary>
/// README's replay command: Fixtures/replay-events.jsonl on samples/Pulse.Host/demo-config.json at 10:00:00Z.
/// Every expected value below is worked out by hand from the fixture (times are UTC on 2026-11-26):
/// <list type="bullet">
/// <item>Sales (8001, service level 20 s, short abandon 5 s): C1 answered after 12 s, C2 after 40 s, C6 after 6 s;
/// C3, C4, C5 abandoned after 3, 45 and 10 s; C7 queued at 09:59:00 still waits; C8 (10:01) is after --at.</item>
/// <item>VQ_Sales (9001, defaults 20 s / 5 s): C1 answered after 12 s, C4 abandoned after 45 s.</item>
/// <item>Support (8002, 30 s) and VQ_Support (9002, default 20 s): S1 answered after 28 s.</item>
/// <item>Handling: C1 a1001 180 s + ACW 30 s; C2 a1002 300 s + 60 s; S1 a1005 240 s (20 s held) + 32 s, then Break at 09:45:00;
/// C6 a1003 connected since 09:55:06; chat CH1 a1009 09:50:22–09:56:22 (360 s); a1002 logged out at 09:50:00;
/// a1006 logged in at exactly 10:00:00.</item>
/// </list>
/// </summary>
public class ReplayFixtureTests
{
    private static readonly Lazy<Task<HostRunResult>> Replay = new(() => HostRunner.ReplayAsync(HostRunner.EventsFixture));

    private static async Task<Dictionary<string, System.Text.Json.JsonElement>> Values()
    {
        var run = await Replay.Value;
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        return run.Values();
    }

    [Theory]
    [InlineData("Entered", 7)]              // C1..C7
    [InlineData("Waiting", 1)]              // C7
    [InlineData("LongestWait", 60)]         // C7 since 09:59:00
    [InlineData("Distributed", 3)]          // C1, C2, C6
    [InlineData("Answered", 3)]             // 12, 40, 6 s
    [InlineData("AnsweredWithinThreshold", 2)] // 12, 6 s <= 20 s
    [InlineData("Abandoned", 3)]            // 3, 45, 10 s
    [InlineData("AbandonedWithinThreshold", 2)] // 3, 10 s <= 20 s
    [InlineData("ShortAbandoned", 1)]       // 3 s <= 5 s
    [InlineData("ServiceLevel1", 66.666667)] // (2 + 2) / (3 + 3)
    [InlineData("ServiceLevel2", 66.666667)] // 2 / 3
    [InlineData("ServiceLevel3", 33.333333)] // 2 / (3 + 3)
    [InlineData("ServiceLevel4", 50)]        // 2 / (3 + 3 - 2)
    [InlineData("ServiceLevel5", 50)]        // (2 + 1) / (3 + 3)
    [InlineData("ASA", 19.333333)]           // (12 + 40 + 6) / 3
    [InlineData("AbandonRate", 33.333333)]   // (3 - 1) / (7 - 1)
    [InlineData("Handled", 2)]               // C1, C2 (C6 still connected)
    [InlineData("AHT", 285)]                 // (180 + 300 + 30 + 60) / 2
    public async Task Sales_queue(string statistic, double expected) =>
        Assert.Equal(expected, (await Values()).Number($"Queue/Sales/{statistic}"));

    [Theory]
    [InlineData("VirtualQueue/VQ_Sales/Entered", 2)]
    [InlineData("VirtualQueue/VQ_Sales/Answered", 1)]
    [InlineData("VirtualQueue/VQ_Sales/Abandoned", 1)]
    [InlineData("VirtualQueue/VQ_Sales/ServiceLevel1", 50)]   // (1 + 0) / (1 + 1)
    [InlineData("VirtualQueue/VQ_Sales/ServiceLevel2", 100)]
    [InlineData("VirtualQueue/VQ_Sales/ASA", 12)]
    [InlineData("Queue/Support/ServiceLevel1", 100)]          // 28 s <= Support's 30 s
    [InlineData("Queue/Support/ASA", 28)]
    [InlineData("Queue/Support/AHT", 272)]                    // 240 + 32
    [InlineData("VirtualQueue/VQ_Support/AnsweredWithinThreshold", 0)] // 28 s > VQ_Support's 20 s
    [InlineData("VirtualQueue/VQ_Support/ServiceLevel1", 0)]
    [InlineData("Queue/Billing/Entered", 0)]
    [InlineData("GroupQueues/All Voice Queues/Entered", 8)]
    [InlineData("GroupQueues/All Voice Queues/ServiceLevel1", 71.428571)] // (2 + 1 + 2) / (6 + 1): each call by its own queue's threshold
    [InlineData("GroupQueues/All Voice Queues/AHT", 280.666667)]          // (180 + 300 + 240 + 30 + 60 + 32) / 3
    [InlineData("StagingArea/iq_chat/ChatsEntered", 1)]
    [InlineData("StagingArea/iq_chat/InteractionsDistributed", 1)]
    [InlineData("StagingArea/iq_email/EmailsWaiting", 1)]
    [InlineData("StagingArea/iq_email/InteractionsLongestWait", 120)]
    [InlineData("Tenant/demo/Entered", 8)]                    // ACD queues only: VQs are not counted twice
    [InlineData("Tenant/demo/Answered", 4)]
    [InlineData("Tenant/demo/ServiceLevel2", 75)]             // 3 / 4
    [InlineData("Tenant/demo/ASA", 21.5)]                     // (12 + 40 + 6 + 28) / 4
    [InlineData("Tenant/demo/Handled", 4)]                    // C1, C2, S1, CH1
    [InlineData("Tenant/demo/InteractionsWaiting", 1)]
    public async Task Other_queues_and_totals(string key, double expected) =>
        Assert.Equal(expected, (await Values()).Number(key));

    [Theory]
    [InlineData("a1001", "WaitForNextCall", null, 2778)]     // ready since 09:13:42
    [InlineData("a1002", "LoggedOut", null, 600)]            // since 09:50:00
    [InlineData("a1003", "CallInbound", null, 294)]          // since 09:55:06; the release at 10:00:30 is after --at
    [InlineData("a1005", "NotReadyForNextCall", "Break", 900)] // since 09:45:00
    [InlineData("a1006", "WaitForNextCall", null, 0)]        // logged in at exactly 10:00:00: applied
    [InlineData("a1009", "WaitForNextCall", null, 218)]      // chat ended at 09:56:22
    public async Task Agent_current_state(string agent, string state, string? reason, double seconds)
    {
        var values = await Values();
        var key = $"Agent/{agent}/CurrentState";
        Assert.Equal(state, values.Text(key));
        Assert.Equal(reason, values.Text(key, "reason"));
        Assert.Equal(seconds, values[key].GetProperty("seconds").GetDouble());
    }

    [Theory]
    [InlineData("Agent/a1001/LoginTime", 3600)]
    [InlineData("Agent/a1002/LoginTime", 2990)]   // 09:00:10 - 09:50:00
    [InlineData("Agent/a1005/LoginTime", 3570)]
    [InlineData("Agent/a1006/LoginTime", 0)]
    [InlineData("Agent/a1004/LoginTime", 0)]      // never logged in
    [InlineData("Agent/a1001/Handled", 1)]
    [InlineData("Agent/a1001/AHT", 210)]          // 180 + 30
    [InlineData("Agent/a1001/TalkTime", 180)]
    [InlineData("Agent/a1003/TalkTime", 294)]     // in progress, counted as it goes
    [InlineData("Agent/a1005/HoldTime", 20)]
    [InlineData("Agent/a1005/TalkTime", 220)]     // 240 connected - 20 held
    [InlineData("Agent/a1005/AfterCallWorkTime", 32)]
    [InlineData("Agent/a1005/NotReadyTime", 900)]
    [InlineData("Agent/a1009/AHT", 360)]
    public async Task Agent_totals(string key, double expected) =>
        Assert.Equal(expected, (await Values()).Number(key));

    [Theory]
    [InlineData("Sales Team", 2, 1, 0, 1, 0, 2, 285)]   // a1001 ready, a1003 talking; a1002 and a1004 logged out
    [InlineData("Support Team", 2, 1, 1, 0, 0, 1, 272)] // a1005 Break, a1006 ready
    [InlineData("Digital Team", 1, 1, 0, 0, 0, 1, 360)] // a1009 ready for chat
    public async Task Agent_groups(string group, double loggedIn, double ready, double notReady, double talking, double acw, double handled, double aht)
    {
        var values = await Values();
        Assert.Equal(loggedIn, values.Number($"GroupAgents/{group}/AgentsLoggedIn"));
        Assert.Equal(ready, values.Number($"GroupAgents/{group}/AgentsReady"));
        Assert.Equal(notReady, values.Number($"GroupAgents/{group}/AgentsNotReady"));
        Assert.Equal(talking, values.Number($"GroupAgents/{group}/AgentsTalking"));
        Assert.Equal(acw, values.Number($"GroupAgents/{group}/AgentsInAfterCallWork"));
        Assert.Equal(handled, values.Number($"GroupAgents/{group}/Handled"));
        Assert.Equal(aht, values.Number($"GroupAgents/{group}/AHT"));
    }

    [Fact]
    public async Task Lines_are_exact_and_in_order()
    {
        var run = await Replay.Value;
        var lines = run.Out.Split('\n');
        Assert.Equal("", lines[^1]); // every line ends with \n
        Assert.Contains("""{"tenant":"demo","objectType":"Queue","objectId":"Sales","statistic":"ServiceLevel1","value":66.666667}""", lines);
        Assert.Contains("""{"tenant":"demo","objectType":"Queue","objectId":"Sales","statistic":"Entered","value":7}""", lines);
        Assert.Contains("""{"tenant":"demo","objectType":"Agent","objectId":"a1005","statistic":"CurrentState","value":"NotReadyForNextCall","reason":"Break","seconds":900}""", lines);
        Assert.Contains("""{"tenant":"demo","objectType":"Agent","objectId":"a1001","statistic":"CurrentState","value":"WaitForNextCall","seconds":2778}""", lines);
        Assert.Contains("""{"tenant":"demo","objectType":"GroupAgents","objectId":"Sales Team","statistic":"AgentsReady","value":1}""", lines);

        var keys = lines[..^1].Select(l =>
        {
            using var doc = System.Text.Json.JsonDocument.Parse(l);
            var r = doc.RootElement;
            return (r.GetProperty("tenant").GetString()!, r.GetProperty("objectType").GetString()!, r.GetProperty("objectId").GetString()!, r.GetProperty("statistic").GetString()!);
        }).ToList();
        var sorted = keys.OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2, StringComparer.Ordinal)
            .ThenBy(k => k.Item3, StringComparer.Ordinal).ThenBy(k => k.Item4, StringComparer.Ordinal).ToList();
        Assert.Equal(sorted, keys);
    }

    [Fact]
    public async Task One_line_per_statistic_of_the_standard_catalogue()
    {
        var config = Sdk.Configuration.ConfigurationJson.Load(HostRunner.DemoConfig);
        var engine = new Sdk.Engine.StatisticsEngine(config);
        var opened = engine.OpenStandardCatalogue().Count;
        Assert.Equal(320, opened); // 3 queues x 22, 2 VQs x 18, 1 route point x 5, 1 queue group x 16, 12 agents x 10, 3 groups x 14, 2 interaction queues x 9, tenant 17
        Assert.Equal(opened, (await Values()).Count);
    }

    [Fact]
    public async Task Tenant_aht_counts_after_call_work_once() =>
        Assert.Equal(300.5, (await Values()).Number("Tenant/demo/AHT")); // (180 + 300 + 240 + 360 + 30 + 60 + 32) / 4
}
