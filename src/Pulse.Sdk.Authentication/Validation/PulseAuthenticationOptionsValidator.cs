using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Authentication.Issuing;

namespace Pulse.Sdk.Authentication.Validation;

/// <summary>Checks <see cref="PulseAuthenticationOptions"/>, and that without a JWKS address the role runs in this process.</summary>
internal sealed class PulseAuthenticationOptionsValidator(IServiceProviderIsService isService) : IValidateOptions<PulseAuthenticationOptions>
{
    public ValidateOptionsResult Validate(string? name, PulseAuthenticationOptions options)
    {
        var errors = options.Validate().ToList();
        if (options.JwksUri is null && !isService.IsService(typeof(SigningKey)))
            errors.Add("PulseAuthenticationOptions.JwksUri must be set to the authentication role's JWKS (e.g. http://auth/auth/.well-known/jwks.json), or the role must run in this process (services.AddPulseAuthService(...))");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
