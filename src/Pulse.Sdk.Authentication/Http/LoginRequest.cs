namespace Pulse.Sdk.Authentication.Http;

/// <summary>The body of <c>POST /auth/token</c> and <c>POST /api/session/login</c>: <c>{"username":"alice","password":"..."}</c>.</summary>
/// <param name="UserName">The user name.</param>
/// <param name="Password">The password.</param>
internal sealed record LoginRequest(string UserName, string Password);
