using Microsoft.AspNetCore.Http;
using Pulse.Sdk.Permissions;

namespace Pulse.Sdk.Service.Api;

/// <summary>The answers of the API: JSON in <see cref="ApiJson.Options"/>, errors as <see cref="ErrorBody"/>.</summary>
internal static class ApiResults
{
    public static IResult Ok<T>(T value) => Results.Json(value, ApiJson.Options);

    /// <summary>201 for a POST to a collection: <c>Location</c> is the request's own path (route prefix and path base included) and the new id.</summary>
    public static IResult Created<T>(Guid id, T value) => new CreatedJson<T>(id, value);

    public static IResult Error(int status, string message) => Results.Json(new ErrorBody(message), ApiJson.Options, statusCode: status);

    public static IResult BadRequest(string message) => Error(StatusCodes.Status400BadRequest, message);

    public static IResult Forbidden(PulsePrivilege privilege) =>
        Error(StatusCodes.Status403Forbidden, $"missing privilege {privilege}");

    /// <summary>The same answer for an id that does not exist and for one of another tenant or out of the user's access.</summary>
    public static IResult NotFound(string kind, Guid id) => Error(StatusCodes.Status404NotFound, $"no {kind} {id}");

    public static IResult Conflict(string message) => Error(StatusCodes.Status409Conflict, message);

    /// <summary>A POST naming the id of a <paramref name="kind"/> that exists already (tab, template, layout: the path is <c>/api/wbrt/{kind}s</c>).</summary>
    public static IResult IdTaken(string kind, Guid id) => Conflict($"id: {kind} {id} exists; change it with PUT /api/wbrt/{kind}s/{id}");

    private sealed class CreatedJson<T>(Guid id, T value) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => StatusCodes.Status201Created;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            var collection = (httpContext.Request.PathBase + httpContext.Request.Path).ToUriComponent().TrimEnd('/');
            httpContext.Response.Headers.Location = $"{collection}/{id}";
            return Results.Json(value, ApiJson.Options, statusCode: StatusCodes.Status201Created).ExecuteAsync(httpContext);
        }
    }
}
