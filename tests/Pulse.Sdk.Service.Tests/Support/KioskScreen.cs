using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Pulse.Sdk.Service.Tests.Support;

/// <summary>
/// A wall screen of a kiosk session (docs/api.md, "Kiosk sessions"): alice creates the session for a tab, the screen opens
/// its one-time link and keeps the <c>pulse_kiosk</c> cookie, as a browser would.
/// </summary>
internal sealed class KioskScreen : IDisposable
{
    private KioskScreen(Guid id, string credential, CookieContainer cookies, HttpClient browser, Uri host)
    {
        Id = id;
        Credential = credential;
        Cookies = cookies;
        Browser = browser;
        Host = host;
    }

    /// <summary>The kiosk session's id.</summary>
    public Guid Id { get; }

    /// <summary>The cookie's value: <c>pulsekiosk.&lt;id&gt;.&lt;secret&gt;</c>.</summary>
    public string Credential { get; }

    public CookieContainer Cookies { get; }

    /// <summary>A client sending the kiosk cookie (no Authorization header).</summary>
    public HttpClient Browser { get; }

    private Uri Host { get; }

    /// <summary>Creates a kiosk session for <paramref name="tab"/> with <paramref name="creator"/> (a bearer client of a ManageUsers holder) and opens its link.</summary>
    public static async Task<KioskScreen> OpenAsync(ServiceHost host, HttpClient creator, Guid tab, object? extra = null)
    {
        using var created = await creator.PostAsJsonAsync("/api/wbrt/kiosk-sessions", extra ?? new { tabId = tab, name = "Floor 2 wall" });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var body = await created.ReadJsonAsync();
        return await OpenLinkAsync(host, body.GetProperty("id").GetGuid(), body.GetProperty("link").GetString()!, tab);
    }

    /// <summary>Opens <paramref name="link"/> at <paramref name="host"/> as a browser: 302 to the tab, the cookie set.</summary>
    public static async Task<KioskScreen> OpenLinkAsync(ServiceHost host, Guid id, string link, Guid tab)
    {
        var cookies = new CookieContainer();
        var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var opened = await browser.GetAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal($"/#tab={tab}", opened.Headers.Location?.OriginalString);
        var cookie = cookies.GetCookies(host.BaseAddress)["pulse_kiosk"];
        Assert.NotNull(cookie);
        Assert.True(cookie.HttpOnly);
        return new KioskScreen(id, cookie.Value, cookies, browser, host.BaseAddress);
    }

    /// <summary>A client sending the credential as <c>Authorization: Bearer</c>, without cookies.</summary>
    public HttpClient BearerClient()
    {
        var client = new HttpClient { BaseAddress = Host, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Credential);
        return client;
    }

    /// <summary>A live socket as the wallboard page opens it (the cookie, the page's origin).</summary>
    public Task<LiveClient> LiveAsync(ServiceHost host) => LiveClient.ConnectWithHeadersAsync(host, new Dictionary<string, string>
    {
        ["Cookie"] = Cookies.GetCookieHeader(Host),
        ["Origin"] = host.OwnOrigin(),
    });

    public void Dispose() => Browser.Dispose();
}
