using Pulse.Benchmarks.Live;
using Pulse.Benchmarks.Topology;

namespace Pulse.Benchmarks.Tests.Topology;

public sealed class TopologyLatencyRunTests
{
    [Fact]
    public void The_spread_tells_slow_clients_from_slow_moments()
    {
        // Client-major: client 0 is slow throughout; marker 1 is slow at every client.
        double[] latencies = [900, 900, 900, 10, 800, 10, 10, 700, 10];

        Assert.Equal("spread: 1 of 3 clients have a median over 500 ms; 1 of 3 markers have a median (over the clients) over 500 ms (markers 1–1)",
            TopologyLatencyRun.Spread(latencies, clients: 3, markers: 3));
        Assert.Equal("spread: not computed", TopologyLatencyRun.Spread(latencies, clients: 2, markers: 3));
    }

    [Fact]
    public void The_import_carries_the_template_and_every_layout_with_its_objects_and_the_viewer_may_import()
    {
        var workload = new LatencyWorkload(new LatencySettings { Queues = 20, Layouts = 3, QueuesPerLayout = 4 });
        var template = Guid.NewGuid();
        Guid[] layouts = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];

        var json = System.Text.Json.JsonSerializer.SerializeToElement(TopologyLatencyRun.ImportBody(workload, template, layouts));

        Assert.Equal(5, json.GetProperty("templates")[0].GetProperty("statistics").GetArrayLength());
        Assert.Equal(3, json.GetProperty("layouts").GetArrayLength());
        var objects = json.GetProperty("layouts")[2].GetProperty("objects");
        Assert.Equal(["q8", "q9", "q10", "q11", LatencyWorkload.MarkerQueue], objects.EnumerateArray().Select(o => o.GetProperty("id").GetString()));
        Assert.Equal("Queue", objects[0].GetProperty("type").GetString());
        var viewer = TopologyLatencyRun.ConfigurationFor(workload).Tenants[0].Users.Single(u => u.Id == LatencyWorkload.Viewer);
        Assert.Contains("ManageTemplates", viewer.Privileges);
        Assert.Contains("ViewDashboard", viewer.Privileges);
    }
}
