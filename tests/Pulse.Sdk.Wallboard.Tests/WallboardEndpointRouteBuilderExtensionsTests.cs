using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Wallboard.Assets;
using Pulse.Sdk.Wallboard.Tests.Support;

namespace Pulse.Sdk.Wallboard.Tests;

public sealed partial class WallboardEndpointRouteBuilderExtensionsTests : IAsyncLifetime
{
    private StaticWallboardHost _host = null!;

    public async Task InitializeAsync() => _host = await StaticWallboardHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [GeneratedRegex("(?:src|href)=\"([^\"]*)\"")]
    private static partial Regex AssetReference();

    [GeneratedRegex(@"(?m)^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'")]
    private static partial Regex ModuleImport();

    [Theory]
    [InlineData("/")]
    [InlineData("/index.html")]
    public async Task Index_is_html_that_browsers_revalidate_with_a_same_origin_content_security_policy(string path)
    {
        using var response = await _host.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("no-cache", response.Headers.CacheControl!.ToString());
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("connect-src 'self'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<form class=\"login\" id=\"login\"", html);
        Assert.DoesNotContain("{{", html);
    }

    [Fact]
    public async Task Index_references_only_local_assets_and_each_is_served_cacheable_for_a_year()
    {
        var html = await _host.Client.GetStringAsync("/");
        var references = AssetReference().Matches(html).Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(3, references.Count);   // icon, stylesheet, entry module
        Assert.DoesNotContain("<script>", html);   // no inline script: the CSP would block it anyway
        foreach (var reference in references)
        {
            Assert.Matches("^wallboard/v-[0-9a-f]{16}/[a-z./]+$", reference);
            using var response = await _host.Client.GetAsync(reference);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl!.ToString());
            Assert.NotNull(response.Headers.ETag);
        }
    }

    [Theory]
    [InlineData("wallboard/app.js", "text/javascript; charset=utf-8")]
    [InlineData("wallboard/widgets/kpi.js", "text/javascript; charset=utf-8")]
    [InlineData("wallboard/wallboard.css", "text/css; charset=utf-8")]
    [InlineData("wallboard/icon.svg", "image/svg+xml; charset=utf-8")]
    public async Task Assets_have_their_content_type(string path, string contentType)
    {
        using var response = await _host.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.ToString());
    }

    [Theory]
    [InlineData("wallboard/app.js")]
    [InlineData("wallboard/v-0000000000000000/app.js")]
    public async Task Unversioned_or_outdated_addresses_are_revalidated_not_kept(string path)
    {
        using var response = await _host.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-cache", response.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task A_matching_etag_answers_304_without_a_body()
    {
        using var first = await _host.Client.GetAsync("wallboard/app.js");
        using var request = new HttpRequestMessage(HttpMethod.Get, "wallboard/app.js");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var second = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Head_answers_the_headers_only()
    {
        var body = await _host.Client.GetByteArrayAsync("wallboard/wallboard.css");
        using var response = await _host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "wallboard/wallboard.css"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.Equal("text/css; charset=utf-8", response.Content.Headers.ContentType!.ToString());
    }

    [Theory]
    [InlineData("wallboard/missing.js")]
    [InlineData("wallboard/v-abc")]
    [InlineData("wallboard/")]
    public async Task Unknown_paths_are_404(string path)
    {
        using var response = await _host.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public void Every_module_import_names_an_embedded_script()
    {
        var assets = WallboardAssets.Load(new WallboardOptions());
        var scripts = assets.Files.Keys.Where(p => p.EndsWith(".js", StringComparison.Ordinal)).ToList();

        Assert.Contains("wallboard/app.js", scripts);
        var imports = 0;
        foreach (var script in scripts)
        {
            var text = System.Text.Encoding.UTF8.GetString(assets.Files[script].Content);
            foreach (Match import in ModuleImport().Matches(text))
            {
                var target = import.Groups[1].Value;
                Assert.StartsWith(".", target);   // relative: resolves below the same versioned folder
                var resolved = new Uri(new Uri("http://x/" + script), target).AbsolutePath.TrimStart('/');
                Assert.True(assets.Files.ContainsKey(resolved), $"{script} imports {target}, which is not embedded");
                imports++;
            }
        }
        Assert.True(imports >= 15, $"only {imports} imports found: the pattern no longer matches the scripts");
    }

    [Fact]
    public void No_script_writes_markup_so_names_stay_text()
    {
        var assets = WallboardAssets.Load(new WallboardOptions());
        string[] sinks = ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"];

        foreach (var (path, asset) in assets.Files.Where(f => f.Key.EndsWith(".js", StringComparison.Ordinal)))
        {
            var text = System.Text.Encoding.UTF8.GetString(asset.Content);
            foreach (var sink in sinks) Assert.False(text.Contains(sink, StringComparison.Ordinal), $"{path} uses {sink}");
        }
    }

    [Fact]
    public void The_version_is_a_hash_of_the_content()
    {
        var a = WallboardAssets.Load(new WallboardOptions());
        var b = WallboardAssets.Load(new WallboardOptions { Title = "Other" });

        Assert.Matches("^[0-9a-f]{16}$", a.Version);
        Assert.Equal(a.Version, b.Version);   // options change the page, not the files
        Assert.NotEqual(a.Index.ETag, b.Index.ETag);
    }
}
