using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Pulse.Sdk.Service.Diagnostics;

namespace Pulse.Sdk.Service.Api;

/// <summary>
/// The origin and Content-Type rules of docs/api.md ("Origin and Content-Type"), before any handler runs. A request
/// without an <c>Authorization</c> header was authenticated by the session cookie, which the browser attaches by itself
/// to requests from any origin of the same site (SameSite=Strict does not stop another port or subdomain): such a
/// request must come from an allowed origin — a foreign <c>Origin</c> is refused on every method (WebSocket and SSE
/// handshakes included), a missing one on POST, PUT, PATCH and DELETE (browsers always send it there; a same-origin
/// GET, an EventSource among them, may come without it). Any request with a body must be
/// <c>Content-Type: application/json</c>, which a page cannot send to another origin without a preflight.
/// </summary>
internal sealed partial class RequestGuardFilter : IEndpointFilter
{
    private readonly HashSet<string>? _allowed;
    private readonly ILogger<RequestGuardFilter> _logger;
    private readonly ServiceMetrics _metrics;

    public RequestGuardFilter(IOptions<PulseServiceOptions> options, ILogger<RequestGuardFilter> logger, ServiceMetrics metrics)
    {
        _metrics = metrics;
        var configured = options.Value.AllowedOrigins;
        // Validated at start: every entry normalizes.
        _allowed = configured.Count == 0 ? null : [.. configured.Select(o => RequestOrigin.Normalize(o)!)];
        _logger = logger;
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (!request.Headers.ContainsKey(HeaderNames.Authorization) && OriginProblem(request) is { } refusal)
            return Refuse(request, StatusCodes.Status403Forbidden, refusal.Reason, refusal.Message);
        if (ContentTypeProblem(request) is { } problem)
            return Refuse(request, StatusCodes.Status415UnsupportedMediaType, "content_type", problem);
        return await next(context).ConfigureAwait(false);
    }

    private (string Reason, string Message)? OriginProblem(HttpRequest request)
    {
        var header = request.Headers.Origin;
        if (header.Count == 0)
        {
            if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) return null;
            return ("origin_missing", "Origin: required on a request that changes data with the session cookie (browsers send it); "
                + "a client of its own should send Authorization: Bearer <token>");
        }
        var origin = header.Count == 1 ? RequestOrigin.Normalize(header[0]) : null;
        if (origin is not null && (_allowed is null ? RequestOrigin.IsOwn(request, origin) : _allowed.Contains(origin))) return null;
        return ("origin_not_allowed", $"Origin: '{RequestValues.Shorten(header.ToString())}' may not use the session cookie here; "
            + (_allowed is null ? "only pages of this service's own origin may" : "only the origins of PulseServiceOptions.AllowedOrigins may"));
    }

    private static string? ContentTypeProblem(HttpRequest request)
    {
        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>() is not { CanHaveBody: true }) return null;
        var type = request.ContentType;
        if (type is not null && MediaTypeHeaderValue.TryParse(type, out var media)
            && media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            && (media.Charset.Length == 0 || media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)))
            return null;
        return $"Content-Type: a request with a body must be application/json (UTF-8), was {(type is null ? "none" : $"'{RequestValues.Shorten(type)}'")}";
    }

    private IResult Refuse(HttpRequest request, int status, string reason, string message)
    {
        _metrics.CountRefusal(reason);
        // The Origin and the path only: never the cookie, the query or the body.
        LogRefused(_logger, request.Method, request.Path.Value ?? "", status, reason, RequestValues.Shorten(request.Headers.Origin.ToString()));
        return ApiResults.Error(status, message);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Refused {Method} {Path} with {Status} ({Reason}); Origin: '{Origin}'")]
    private static partial void LogRefused(ILogger logger, string method, string path, int status, string reason, string origin);
}
