using BenchmarkDotNet.Running;
using Pulse.Benchmarks.Engine;
using Pulse.Benchmarks.Feed;
using Pulse.Benchmarks.Hardening;
using Pulse.Benchmarks.Live;
using Pulse.Benchmarks.Topology;

if (args.Length > 0 && args[0] == "quick")
{
    // A stopwatch pass for development; the recorded figures come from the BenchmarkDotNet runs.
    QuickReport.Run();
    return;
}
if (args.Length > 0 && args[0] == "memory")
{
    MemoryReport.Run();
    return;
}
if (args.Length > 0 && args[0] == "feed")
{
    LdsReport.Run();
    return;
}
if (args.Length > 0 && args[0] == "latency")
{
    Environment.ExitCode = LatencyReport.Run(args[1..]);
    return;
}
if (args.Length > 0 && args[0] == "latency-topology")
{
    Environment.ExitCode = TopologyLatencyReport.Run(args[1..]);
    return;
}
if (args.Length > 0 && args[0] == "dcu-restart")
{
    Environment.ExitCode = DcuRestartReport.Run(args[1..]);
    return;
}
if (args.Length > 0 && args[0] == "hardening")
{
    Environment.ExitCode = HardeningReport.Run(args[1..]);
    return;
}
if (args.Length > 0 && args[0] == "latency-client")
{
    Environment.ExitCode = await LatencyClientCommand.RunAsync(args[1..]);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
