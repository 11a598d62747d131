using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Pulse.Sdk.Service.Api.Export;

/// <summary>
/// Describes the CSV answer of an exporting endpoint in the OpenAPI document (docs/api.md, "Export"). A second
/// <c>Produces(200, "text/csv")</c> would replace the JSON answer of the same status there, so the text/csv content is
/// added to the 200 the JSON one made, with the 406 of an unsatisfiable <c>Accept</c>.
/// </summary>
internal static class CsvOpenApi
{
    public static RouteHandlerBuilder ProducesCsv(this RouteHandlerBuilder builder) =>
        builder.Produces<ErrorBody>(406).AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse { Content: { } content })
                content[ExportRequest.CsvMediaType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            return Task.CompletedTask;
        });
}
