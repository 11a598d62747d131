using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Api.Contracts;

namespace Pulse.Sdk.Service.Api;

/// <summary>
/// <c>/api/wbrt/kiosk-sessions</c> (docs/api.md, "Kiosk sessions"): a holder of ManageUsers — the privilege that decides who
/// may see what — creates a long-lived credential for an unattended wall screen, bound to one tab the creator sees, lists the
/// tenant's active ones and revokes them. The secrets are stored as digests only; creation answers the one-time link once.
/// </summary>
internal static partial class KioskSessionEndpoints
{
    public static void Map(RouteGroupBuilder wbrt)
    {
        wbrt.MapPost("/kiosk-sessions", CreateAsync).WithMetadata(new JsonRequestBody(typeof(NewKioskSessionBody))).Produces<KioskSessionBody>(201).WithName("CreateKioskSession");
        wbrt.MapGet("/kiosk-sessions", ListAsync).Produces<ListBody>().WithName("ListKioskSessions");
        wbrt.MapDelete("/kiosk-sessions/{id}", RevokeAsync).Produces(204).WithName("RevokeKioskSession");
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IMetadataStore store, IKioskSessionStore kiosks, IOptions<PulseServiceOptions> options,
        IOptions<KioskSessionOptions> kioskOptions, TimeProvider time, ILogger<KioskSessionBody> logger)
    {
        var caller = PulseCaller.Of(http);
        if (!caller.Has(PulsePrivilege.ManageUsers)) return ApiResults.Forbidden(PulsePrivilege.ManageUsers);
        var (body, error) = await JsonBody.ReadAsync<NewKioskSessionBody>(http.Request, options.Value.MaxBodyBytes).ConfigureAwait(false);
        if (body is null) return error!;
        if (InputRules.Name("name", body.Name, options.Value.MaxNameLength) is { } problem) return ApiResults.BadRequest(problem);
        var now = time.GetUtcNow();
        var limits = kioskOptions.Value;
        var expires = body.ExpiresAt ?? now + limits.DefaultLifetime;
        if (expires <= now) return ApiResults.BadRequest($"expiresAt: must be in the future, was {expires:O}");
        if (expires > now + limits.MaxLifetime)
            return ApiResults.BadRequest($"expiresAt: at most {limits.MaxLifetime.TotalDays:0.##} days from now (KioskSessionOptions.MaxLifetime), was {expires:O}");
        var tab = await store.GetTabAsync(caller.Tenant, body.TabId, http.RequestAborted).ConfigureAwait(false);
        // A tab the creator does not see is named as a missing one: the kiosk may never see more than its creator.
        if (tab is null || !DashboardAccess.Sees(caller, tab)) return ApiResults.BadRequest($"tabId: no tab {body.TabId}");
        var secret = KioskCredential.NewSecret();
        var session = new KioskSession
        {
            Id = Guid.NewGuid(), Tenant = caller.Tenant, TabId = tab.Id, Name = body.Name, CreatedBy = caller.User, CreatedAt = now, ExpiresAt = expires,
            LinkHash = KioskCredential.Hash(secret), LinkExpiresAt = now + limits.LinkLifetime < expires ? now + limits.LinkLifetime : expires,
        };
        await kiosks.CreateAsync(session, http.RequestAborted).ConfigureAwait(false);
        LogCreated(logger, session.Id, session.TabId, session.Tenant, caller.User, session.ExpiresAt);
        // The link endpoint (MapPulseSession) is mounted where the API is: below what precedes this route in the request's path.
        var path = (http.Request.PathBase + http.Request.Path).Value!.TrimEnd('/');
        var routeBase = path[..^"/api/wbrt/kiosk-sessions".Length];
        return ApiResults.Created(session.Id, KioskSessionBody.From(session, $"{routeBase}/kiosk/{KioskCredential.Link(session.Id, secret)}"));
    }

    private static async Task<IResult> ListAsync(HttpContext http, IKioskSessionStore kiosks, TimeProvider time)
    {
        var caller = PulseCaller.Of(http);
        if (!caller.Has(PulsePrivilege.ManageUsers)) return ApiResults.Forbidden(PulsePrivilege.ManageUsers);
        var sessions = await kiosks.ListActiveAsync(caller.Tenant, time.GetUtcNow(), http.RequestAborted).ConfigureAwait(false);
        return ApiResults.Ok(new ListBody(0, [.. sessions.Select(s => KioskSessionBody.From(s))]));
    }

    private static async Task<IResult> RevokeAsync(HttpContext http, string id, IKioskSessionStore kiosks, TimeProvider time, ILogger<KioskSessionBody> logger)
    {
        var caller = PulseCaller.Of(http);
        if (!caller.Has(PulsePrivilege.ManageUsers)) return ApiResults.Forbidden(PulsePrivilege.ManageUsers);
        if (!RequestValues.TryId(id, out var guid, out var error)) return error!;
        if (!await kiosks.RevokeAsync(caller.Tenant, guid, time.GetUtcNow(), http.RequestAborted).ConfigureAwait(false))
            return ApiResults.NotFound("kiosk session", guid);
        LogRevoked(logger, guid, caller.Tenant, caller.User);
        return Results.NoContent();
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Kiosk session {Id} for tab {Tab} of tenant {Tenant} created by {User}, expires {ExpiresAt}")]
    private static partial void LogCreated(ILogger logger, Guid id, Guid tab, string tenant, string user, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Kiosk session {Id} of tenant {Tenant} revoked by {User}")]
    private static partial void LogRevoked(ILogger logger, Guid id, string tenant, string user);
}
