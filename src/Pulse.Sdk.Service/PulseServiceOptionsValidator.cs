using Microsoft.Extensions.Options;

namespace Pulse.Sdk.Service;

/// <summary>Validates <see cref="PulseServiceOptions"/> when the host starts (<see cref="PulseServiceOptions.Validate"/>).</summary>
internal sealed class PulseServiceOptionsValidator : IValidateOptions<PulseServiceOptions>
{
    public ValidateOptionsResult Validate(string? name, PulseServiceOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
