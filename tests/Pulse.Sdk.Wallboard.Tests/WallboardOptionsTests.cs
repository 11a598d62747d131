using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Wallboard.Tests.Support;

namespace Pulse.Sdk.Wallboard.Tests;

public sealed class WallboardOptionsTests
{
    public static TheoryData<Action<WallboardOptions>, string> Unusable => new()
    {
        { o => o.Title = " ", "WallboardOptions.Title" },
        { o => o.Title = new string('x', 101), "WallboardOptions.Title" },
        { o => o.MaxRate = 0, "WallboardOptions.MaxRate" },
        { o => o.MaxRate = 51, "WallboardOptions.MaxRate" },
        { o => o.AssetMaxAge = TimeSpan.Zero, "WallboardOptions.AssetMaxAge" },
        { o => o.ExtraStylesheet = "https://cdn.example.com/x.css", "WallboardOptions.ExtraStylesheet" },
        { o => o.ExtraStylesheet = "//cdn.example.com/x.css", "WallboardOptions.ExtraStylesheet" },
        { o => o.ExtraStylesheet = "/x.css\"><script>", "WallboardOptions.ExtraStylesheet" },
        { o => o.FrameAncestors = "'self'; script-src *", "WallboardOptions.FrameAncestors" },
    };

    [Theory]
    [MemberData(nameof(Unusable))]
    public async Task Mapping_with_an_unusable_option_fails_naming_it(Action<WallboardOptions> configure, string option)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StaticWallboardHost.StartAsync(configure));

        Assert.Contains(option, error.Message);
        Assert.Contains("set", error.Message);
    }

    [Fact]
    public async Task Every_unusable_option_is_reported_together()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StaticWallboardHost.StartAsync(o =>
        {
            o.MaxRate = 0;
            o.AssetMaxAge = TimeSpan.Zero;
        }));

        Assert.Equal(["WallboardOptions.MaxRate", "WallboardOptions.AssetMaxAge"], error.Failures.Select(f => f[..f.IndexOf(':', StringComparison.Ordinal)]));
        Assert.Empty(new WallboardOptions().Validate());
    }

    [Fact]
    public async Task Options_shape_the_page_and_the_title_stays_text()
    {
        await using var host = await StaticWallboardHost.StartAsync(o =>
        {
            o.Title = "Ops <script>alert(1)</script>";
            o.MaxRate = 2;
            o.ExtraStylesheet = "/branding/wall.css";
            o.FrameAncestors = "'self' https://intranet.example.com";
            o.AssetMaxAge = TimeSpan.FromHours(1);
        });

        using var response = await host.Client.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();
        var reference = System.Text.RegularExpressions.Regex.Match(html, "wallboard/v-[0-9a-f]{16}/app.js").Value;
        using var asset = await host.Client.GetAsync(reference);

        Assert.DoesNotContain("<script>alert", html);
        Assert.Contains("<title>Ops &lt;script&gt;alert(1)&lt;/script&gt;</title>", html);
        Assert.Contains("<meta name=\"pulse-max-rate\" content=\"2\">", html);
        Assert.Contains("<link rel=\"stylesheet\" href=\"/branding/wall.css\">", html);
        Assert.EndsWith("frame-ancestors 'self' https://intranet.example.com", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("public, max-age=3600, immutable", asset.Headers.CacheControl!.ToString());
    }
}
