using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace Pulse.Sdk.Wallboard.Assets;

/// <summary>
/// The page's files, read from the embedded <c>wwwroot/</c> once at start: <c>index.html</c> (rendered with the
/// options and the bundle version) and everything under <c>wallboard/</c>.
/// </summary>
/// <remarks>
/// The bundle version is a hash of every file, so the page can load its scripts from
/// <c>wallboard/v-&lt;version&gt;/...</c>, an address that changes with any content and may be cached for long;
/// relative imports inside the modules resolve below the same versioned folder.
/// </remarks>
internal sealed class WallboardAssets
{
    /// <summary>The folder of scripts and styles, below the site root.</summary>
    public const string Folder = "wallboard";

    /// <summary>The prefix of the versioned folder segment (<c>v-</c> + <see cref="Version"/>).</summary>
    public const string VersionPrefix = "v-";

    private readonly Dictionary<string, WallboardAsset> _files;

    private WallboardAssets(Dictionary<string, WallboardAsset> files, string version, WallboardAsset index)
    {
        _files = files;
        Version = version;
        Index = index;
    }

    /// <summary>The first 16 hex digits of a SHA-256 over every file's path and content.</summary>
    public string Version { get; }

    /// <summary>The rendered <c>index.html</c>.</summary>
    public WallboardAsset Index { get; }

    /// <summary>Every file below <c>wallboard/</c>, by path (e.g. <c>wallboard/app.js</c>).</summary>
    public IReadOnlyDictionary<string, WallboardAsset> Files => _files;

    /// <summary>Reads the embedded files and renders the index page with <paramref name="options"/> (already validated).</summary>
    public static WallboardAssets Load(WallboardOptions options)
    {
        var provider = new ManifestEmbeddedFileProvider(typeof(WallboardAssets).Assembly, "wwwroot");
        var types = new FileExtensionContentTypeProvider();
        var raw = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        Collect(provider, "", raw);

        if (!raw.TryGetValue("index.html", out var indexTemplate))
            throw new InvalidOperationException("Pulse.Sdk.Wallboard: the embedded wwwroot/index.html is missing; the assembly was built without its page");

        var version = ComputeVersion(raw);
        var files = new Dictionary<string, WallboardAsset>(StringComparer.Ordinal);
        foreach (var (path, content) in raw)
        {
            if (!path.StartsWith(Folder + "/", StringComparison.Ordinal)) continue;
            files[path] = Create(path, content, ContentTypeOf(types, path));
        }

        var index = Create("index.html", RenderIndex(indexTemplate, options, version), "text/html; charset=utf-8");
        return new WallboardAssets(files, version, index);
    }

    /// <summary>The file at <paramref name="path"/> below <c>wwwroot/</c>, if there is one.</summary>
    public bool TryGet(string path, out WallboardAsset asset) => _files.TryGetValue(path, out asset!);

    private static void Collect(IFileProvider provider, string folder, SortedDictionary<string, byte[]> into)
    {
        foreach (var entry in provider.GetDirectoryContents(folder.Length == 0 ? "/" : folder))
        {
            var path = folder.Length == 0 ? entry.Name : folder + "/" + entry.Name;
            if (entry.IsDirectory)
            {
                Collect(provider, path, into);
                continue;
            }
            using var stream = entry.CreateReadStream();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            into[path] = buffer.ToArray();
        }
    }

    private static string ComputeVersion(SortedDictionary<string, byte[]> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (path, content) in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(path + "\n" + content.Length + "\n"));
            hash.AppendData(content);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    private static byte[] RenderIndex(byte[] template, WallboardOptions options, string version)
    {
        var stylesheet = options.ExtraStylesheet is { } css
            ? $"<link rel=\"stylesheet\" href=\"{HtmlEncoder.Default.Encode(css)}\">"
            : "";
        var html = Encoding.UTF8.GetString(template)
            .Replace("{{version}}", VersionPrefix + version, StringComparison.Ordinal)
            .Replace("{{title}}", HtmlEncoder.Default.Encode(options.Title), StringComparison.Ordinal)
            .Replace("{{maxRate}}", options.MaxRate.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{{extraStylesheet}}", stylesheet, StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(html);
    }

    private static string ContentTypeOf(FileExtensionContentTypeProvider types, string path)
    {
        if (!types.TryGetContentType(path, out var type)) return "application/octet-stream";
        return type.StartsWith("text/", StringComparison.Ordinal) || type == "image/svg+xml" ? type + "; charset=utf-8" : type;
    }

    private static WallboardAsset Create(string path, byte[] content, string contentType) =>
        new(path, content, contentType, "\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..24] + "\"");
}
