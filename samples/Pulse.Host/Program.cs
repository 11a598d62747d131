using System.Runtime.InteropServices;
using Pulse.Host;

// Ctrl+C (SIGINT) and SIGTERM stop the running command cleanly; a second Ctrl+C ends the process at once.
using var stop = new CancellationTokenSource();
ConsoleCancelEventHandler onCancelKey = (_, e) =>
{
    if (stop.IsCancellationRequested) return;
    e.Cancel = true;
    stop.Cancel();
};
Console.CancelKeyPress += onCancelKey;
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});
try
{
    return await HostApp.RunAsync(args, HostConsole.System, stop.Token);
}
finally
{
    Console.CancelKeyPress -= onCancelKey;
}
