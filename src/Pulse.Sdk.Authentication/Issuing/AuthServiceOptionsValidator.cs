using Microsoft.Extensions.Options;

namespace Pulse.Sdk.Authentication.Issuing;

/// <summary>Checks <see cref="AuthServiceOptions"/> when the host starts.</summary>
internal sealed class AuthServiceOptionsValidator : IValidateOptions<AuthServiceOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthServiceOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
