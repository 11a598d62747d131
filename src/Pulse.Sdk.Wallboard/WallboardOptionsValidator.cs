using Microsoft.Extensions.Options;

namespace Pulse.Sdk.Wallboard;

/// <summary>Checks <see cref="WallboardOptions"/>; each message names the option and says what to set.</summary>
internal sealed class WallboardOptionsValidator : IValidateOptions<WallboardOptions>
{
    public ValidateOptionsResult Validate(string? name, WallboardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Title) || options.Title.Length > 100)
            failures.Add($"WallboardOptions.Title: '{options.Title}' is not usable; set 1 to 100 characters");
        if (options.MaxRate is < 1 or > 50)
            failures.Add($"WallboardOptions.MaxRate: {options.MaxRate} is out of range; set 1 to 50 messages per second");
        if (options.AssetMaxAge < TimeSpan.FromSeconds(1))
            failures.Add($"WallboardOptions.AssetMaxAge: {options.AssetMaxAge} is too short; set at least 1 second (default 365 days)");
        if (options.ExtraStylesheet is { } css && !IsLocalPath(css))
            failures.Add($"WallboardOptions.ExtraStylesheet: '{css}' is not a path on this host; set a path beginning with a single '/' (e.g. /branding/wall.css) without quotes or angle brackets, or null");
        if (string.IsNullOrWhiteSpace(options.FrameAncestors) || options.FrameAncestors.IndexOfAny([';', ',', '\r', '\n']) >= 0)
            failures.Add($"WallboardOptions.FrameAncestors: '{options.FrameAncestors}' is not a CSP source list; set space-separated sources such as 'self' or 'none'");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // Same host only (the page's CSP allows nothing else), and nothing that could break out of the attribute.
    private static bool IsLocalPath(string path) =>
        path.Length > 1 && path[0] == '/' && path[1] != '/' && path[1] != '\\'
        && path.IndexOfAny(['"', '\'', '<', '>', ' ', '\r', '\n', '\t']) < 0;
}
