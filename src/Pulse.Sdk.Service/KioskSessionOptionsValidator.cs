using Microsoft.Extensions.Options;

namespace Pulse.Sdk.Service;

/// <summary>Validates <see cref="KioskSessionOptions"/> when the host starts (<see cref="KioskSessionOptions.Validate"/>).</summary>
internal sealed class KioskSessionOptionsValidator : IValidateOptions<KioskSessionOptions>
{
    public ValidateOptionsResult Validate(string? name, KioskSessionOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
