namespace Pulse.Host;

/// <summary>The standard streams a command uses: the real console, or writers and streams given by a test.</summary>
/// <param name="Out">Standard output.</param>
/// <param name="Error">Standard error.</param>
/// <param name="OpenStandardInput">Opens standard input (read by <c>--events -</c>).</param>
/// <param name="IsOutputRedirected">
/// Whether standard output goes to a file or a pipe rather than a terminal: the live table then prints a
/// plain snapshot every few seconds instead of redrawing the screen with ANSI escapes.
/// </param>
internal sealed record HostConsole(TextWriter Out, TextWriter Error, Func<Stream> OpenStandardInput, bool IsOutputRedirected)
{
    /// <summary>The process console.</summary>
    public static HostConsole System => new(Console.Out, Console.Error, Console.OpenStandardInput, Console.IsOutputRedirected);
}
