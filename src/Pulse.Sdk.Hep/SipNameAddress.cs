namespace Pulse.Sdk.Hep;

/// <summary>A From, To, Contact, Refer-To or Referred-By value: an optional display name, a URI and its parameters.</summary>
/// <param name="DisplayName">The display name, without quotes, or <see langword="null"/>.</param>
/// <param name="Uri">The URI, without angle brackets (for example <c>sip:8001@10.0.0.1:5060;transport=udp</c>).</param>
/// <param name="User">The user part of a <c>sip:</c>/<c>sips:</c> URI or the number of a <c>tel:</c> URI, or <see langword="null"/>.</param>
/// <param name="Tag">The <c>tag</c> header parameter, or <see langword="null"/>.</param>
internal sealed record SipNameAddress(string? DisplayName, string Uri, string? User, string? Tag);
