using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Wallboard;
using Pulse.Sdk.Wallboard.Assets;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Pulse wallboard page onto an ASP.NET Core application.</summary>
public static class WallboardEndpointRouteBuilderExtensions
{
    private const string IndexCacheControl = "no-cache";

    /// <summary>
    /// Serves the wallboard at <c>/</c> (and <c>/index.html</c>) and its scripts and styles below <c>/wallboard/</c>,
    /// from resources embedded in this assembly. The index page is never cached without asking again; files below
    /// <c>/wallboard/v-&lt;hash&gt;/</c> (the addresses the page uses) are cached for <see cref="WallboardOptions.AssetMaxAge"/>.
    /// The page talks to the Pulse service API (<c>/api/...</c>) of the same host, mounted under the same route prefix: with
    /// <c>app.MapGroup("/pulse")</c> the page is at <c>/pulse/</c> (<c>/pulse</c> redirects there) and calls <c>/pulse/api/...</c>.
    /// </summary>
    /// <param name="endpoints">The application, or a route group whose prefix the page and the API it calls share.</param>
    /// <param name="configure">Changes the <see cref="WallboardOptions"/>; null keeps the defaults.</param>
    /// <returns>A builder for the mapped endpoints (for example to add a host filter); they allow anonymous access, since the page shows its own login form.</returns>
    /// <exception cref="OptionsValidationException">An option is not usable; the message names it and says what to set.</exception>
    public static IEndpointConventionBuilder MapPulseWallboard(this IEndpointRouteBuilder endpoints, Action<WallboardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = new WallboardOptions();
        configure?.Invoke(options);
        if (options.Validate() is { Count: > 0 } failures)
            throw new OptionsValidationException(Options.DefaultName, typeof(WallboardOptions), failures);

        var assets = WallboardAssets.Load(options);
        var immutable = $"public, max-age={(long)options.AssetMaxAge.TotalSeconds}, immutable";
        var policy = ContentSecurityPolicy(options);

        var group = endpoints.MapGroup("");
        string[] methods = [HttpMethods.Get, HttpMethods.Head];
        group.MapMethods("/", methods, (HttpContext context) => (context.Request.PathBase + context.Request.Path).ToUriComponent() is var path && !path.EndsWith('/')
            // Under a route prefix, /pulse must become /pulse/: the page's addresses are relative to its folder.
            ? Results.Redirect(path + "/" + context.Request.QueryString)
            : ServeIndex(context, assets, policy)).ExcludeFromDescription();
        group.MapMethods("/index.html", methods, (HttpContext context) => ServeIndex(context, assets, policy)).ExcludeFromDescription();
        group.MapMethods("/" + WallboardAssets.Folder + "/{**path}", methods, (HttpContext context, string? path) =>
        {
            var (relative, versioned) = SplitVersion(path ?? "", assets.Version);
            if (!assets.TryGet(WallboardAssets.Folder + "/" + relative, out var asset)) return Results.NotFound();
            // An old page may ask for an older version: serve what there is, but do not let it be cached as that version.
            return Serve(context, asset, versioned ? immutable : IndexCacheControl);
        }).ExcludeFromDescription();
        group.AllowAnonymous();
        return group;
    }

    private static IResult ServeIndex(HttpContext context, WallboardAssets assets, string policy)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = policy;
        headers["Referrer-Policy"] = "no-referrer";
        return Serve(context, assets.Index, IndexCacheControl);
    }

    private static IResult Serve(HttpContext context, WallboardAsset asset, string cacheControl)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = cacheControl;
        headers.ETag = asset.ETag;
        headers.XContentTypeOptions = "nosniff";
        if (context.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == asset.ETag)))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        if (HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.ContentType = asset.ContentType;
            context.Response.ContentLength = asset.Content.Length;
            return Results.Empty;
        }
        return Results.Bytes(asset.Content, asset.ContentType);
    }

    private static (string Path, bool Versioned) SplitVersion(string path, string version)
    {
        if (!path.StartsWith(WallboardAssets.VersionPrefix, StringComparison.Ordinal)) return (path, false);
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0) return (path, false);
        var segment = path[WallboardAssets.VersionPrefix.Length..slash];
        return (path[(slash + 1)..], string.Equals(segment, version, StringComparison.Ordinal));
    }

    // Everything from this host only: scripts, styles, fetch/WebSocket/EventSource; no inline script, no plugins.
    private static string ContentSecurityPolicy(WallboardOptions options) => string.Create(CultureInfo.InvariantCulture,
        $"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors {options.FrameAncestors}");
}
