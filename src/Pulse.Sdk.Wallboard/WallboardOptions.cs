namespace Pulse.Sdk.Wallboard;

/// <summary>Settings of the wallboard page that <c>MapPulseWallboard</c> serves; checked when it is mapped.</summary>
public sealed class WallboardOptions
{
    /// <summary>The page title and the heading of the top bar. Default <c>Pulse</c>; 1 to 100 characters.</summary>
    public string Title { get; set; } = "Pulse";

    /// <summary>
    /// The most live messages per second the page asks the server for (the <c>maxRate</c> of its
    /// subscription; the server clamps it to its own maximum). Default 4; 1 to 50.
    /// </summary>
    public int MaxRate { get; set; } = 4;

    /// <summary>
    /// How long browsers may keep the versioned scripts and styles (<c>/wallboard/v-&lt;hash&gt;/...</c>) without asking
    /// again. Their address changes whenever their content does, so this can be long. Default 365 days; at least 1 second.
    /// </summary>
    public TimeSpan AssetMaxAge { get; set; } = TimeSpan.FromDays(365);

    /// <summary>
    /// An extra stylesheet loaded after the wallboard's own, for branding (colours, fonts, sizes): a path on the same
    /// host beginning with <c>/</c> (for example <c>/branding/wall.css</c>, served by the host). Null for none.
    /// </summary>
    public string? ExtraStylesheet { get; set; }

    /// <summary>
    /// Who may show the page in a frame: the <c>frame-ancestors</c> sources of its Content-Security-Policy.
    /// Default <c>'self'</c>; for example <c>'self' https://intranet.example.com</c> to embed it in an intranet page.
    /// </summary>
    public string FrameAncestors { get; set; } = "'self'";

    /// <summary>Every problem of these options, each naming the setting and what to set; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(Title) || Title.Length > 100)
            failures.Add($"WallboardOptions.Title: '{Title}' is not usable; set 1 to 100 characters");
        if (MaxRate is < 1 or > 50)
            failures.Add($"WallboardOptions.MaxRate: {MaxRate} is out of range; set 1 to 50 messages per second");
        if (AssetMaxAge < TimeSpan.FromSeconds(1))
            failures.Add($"WallboardOptions.AssetMaxAge: {AssetMaxAge} is too short; set at least 1 second (default 365 days)");
        if (ExtraStylesheet is { } css && !IsLocalPath(css))
            failures.Add($"WallboardOptions.ExtraStylesheet: '{css}' is not a path on this host; set a path beginning with a single '/' (e.g. /branding/wall.css) without quotes or angle brackets, or null");
        if (string.IsNullOrWhiteSpace(FrameAncestors) || FrameAncestors.IndexOfAny([';', ',', '\r', '\n']) >= 0)
            failures.Add($"WallboardOptions.FrameAncestors: '{FrameAncestors}' is not a CSP source list; set space-separated sources such as 'self' or 'none'");
        return failures;
    }

    // Same host only (the page's CSP allows nothing else), and nothing that could break out of the attribute.
    private static bool IsLocalPath(string path) =>
        path.Length > 1 && path[0] == '/' && path[1] != '/' && path[1] != '\\'
        && path.IndexOfAny(['"', '\'', '<', '>', ' ', '\r', '\n', '\t']) < 0;
}
