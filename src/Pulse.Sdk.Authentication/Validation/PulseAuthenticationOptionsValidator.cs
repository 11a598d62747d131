using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Authentication.Issuing;

namespace Pulse.Sdk.Authentication.Validation;

/// <summary>
/// Checks what <see cref="PulseAuthenticationOptions.Validate"/> cannot, since it needs the services: without a JWKS address
/// the role runs in this process. The options' own checks are registered beside it (<c>AddValidatedOptions</c>).
/// </summary>
internal sealed class PulseAuthenticationOptionsValidator(IServiceProviderIsService isService) : IValidateOptions<PulseAuthenticationOptions>
{
    public ValidateOptionsResult Validate(string? name, PulseAuthenticationOptions options)
    {
        if (options.JwksUri is null && !isService.IsService(typeof(SigningKey)))
            return ValidateOptionsResult.Fail("PulseAuthenticationOptions.JwksUri must be set to the authentication role's JWKS (e.g. http://auth/auth/.well-known/jwks.json), or the role must run in this process (services.AddPulseAuthService(...))");
        return ValidateOptionsResult.Success;
    }
}
