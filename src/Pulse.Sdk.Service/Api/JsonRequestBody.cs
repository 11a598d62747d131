namespace Pulse.Sdk.Service.Api;

/// <summary>
/// Endpoint metadata: the JSON body type of a handler that reads its body itself (<see cref="JsonBody"/>), for the OpenAPI
/// document. Not <c>Accepts&lt;T&gt;</c>: that would make routing answer a wrong Content-Type with an empty 415 rather than the API's 400 message.
/// </summary>
internal sealed record JsonRequestBody(Type Type);
