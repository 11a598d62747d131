using System.CommandLine;
using Pulse.Sdk.Configuration;

namespace Pulse.Host;

/// <summary>The host's entry point: parses the command line (System.CommandLine) and runs the command on the given console.</summary>
internal static class HostApp
{
    /// <summary>Runs the host; returns the process exit code (<see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, HostConsole console, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(console);
        var root = HostCli.Build(console);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
                await console.Error.WriteLineAsync($"Pulse.Host: {error.Message}").ConfigureAwait(false);
            await console.Error.WriteLineAsync(UsageHint(parse)).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false },
                cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            await console.Error.WriteLineAsync($"Pulse.Host: {e.Message}").ConfigureAwait(false);
            await console.Error.WriteLineAsync(UsageHint(parse)).ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (ConfigurationException e)
        {
            await console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return ExitCodes.InputError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await console.Error.WriteLineAsync("Pulse.Host: interrupted").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
    }

    private static string UsageHint(ParseResult parse)
    {
        var command = parse.CommandResult.Command is RootCommand ? "" : parse.CommandResult.Command.Name + " ";
        return $"Run 'Pulse.Host {command}--help' for the options (docs/host.md).";
    }
}
