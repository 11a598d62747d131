using Microsoft.AspNetCore.Http;
using Pulse.Sdk.Service.Diagnostics;

namespace Pulse.Sdk.Service.Api;

/// <summary>Counts each API answer by status code (<c>pulse_api_requests_total</c>); 401 and 403 of the authorization step are counted by <see cref="Authorization.PulseAuthorizationResultHandler"/>.</summary>
internal sealed class RequestCountFilter(ServiceMetrics metrics) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            var result = await next(context).ConfigureAwait(false);
            metrics.CountRequest(result is IStatusCodeHttpResult { StatusCode: { } s } ? s : context.HttpContext.Response.StatusCode);
            return result;
        }
        catch
        {
            metrics.CountRequest(StatusCodes.Status500InternalServerError);
            throw;
        }
    }
}
