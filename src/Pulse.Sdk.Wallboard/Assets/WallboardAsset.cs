namespace Pulse.Sdk.Wallboard.Assets;

/// <summary>One file of the page, read once from the assembly.</summary>
/// <param name="Path">Path below <c>wwwroot/</c> with forward slashes, e.g. <c>wallboard/app.js</c>.</param>
/// <param name="Content">The bytes served.</param>
/// <param name="ContentType">The Content-Type header.</param>
/// <param name="ETag">A strong entity tag derived from the content (quoted).</param>
internal sealed record WallboardAsset(string Path, byte[] Content, string ContentType, string ETag);
