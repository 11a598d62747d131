namespace Pulse.Sdk.Service.Api.Contracts;

/// <summary>
/// <c>GET /api/session</c>: <c>{"user","tenant","privileges":[...],"maxTabs","maxWidgets"}</c>; a cap is null when the
/// user is not bound by it (no cap, or the Add...WithoutLimit privilege).
/// </summary>
internal sealed record SessionBody(string User, string Tenant, IReadOnlyList<string> Privileges, int? MaxTabs, int? MaxWidgets);
