namespace Pulse.Host;

/// <summary>The host's entry point: parses the command line and runs the command on the given console.</summary>
internal static class HostApp
{
    /// <summary>Runs the host; returns the process exit code (<see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, HostConsole console, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(console);
        HostCommandLine command;
        try
        {
            command = CommandLine.Parse(args);
        }
        catch (UsageException e)
        {
            await console.Error.WriteLineAsync($"Pulse.Host: {e.Message}").ConfigureAwait(false);
            await console.Error.WriteLineAsync().ConfigureAwait(false);
            await console.Error.WriteLineAsync(UsageText.Text).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        try
        {
            switch (command)
            {
                case HelpRequest:
                    await console.Out.WriteLineAsync(UsageText.Text).ConfigureAwait(false);
                    return ExitCodes.Ok;
                case ReplayOptions replay:
                    return await new ReplayCommand(console).RunAsync(replay, cancellationToken).ConfigureAwait(false);
                case InitOptions init:
                    return await new InitCommand(console).RunAsync(init, cancellationToken).ConfigureAwait(false);
                case InitTenantOptions initTenant:
                    return await new InitCommand(console).RunAsync(initTenant, cancellationToken).ConfigureAwait(false);
                case LiveOptions live:
                    return await new LiveCommand(console).RunAsync(live, cancellationToken).ConfigureAwait(false);
                default:
                    throw new InvalidOperationException($"no handler for {command}");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await console.Error.WriteLineAsync("Pulse.Host: interrupted").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
    }
}
