namespace Pulse.Sdk;

/// <summary>
/// The one options convention of the Pulse packages (docs/architecture.md, "Options"): each options type has
/// <c>IReadOnlyList&lt;string&gt; Validate()</c> returning every problem, each message starting with
/// <c>&lt;OptionsType&gt;.&lt;Setting&gt;</c> and saying what to set. Constructors of types used without dependency
/// injection throw through <see cref="ThrowIfInvalid"/>; DI packages adapt the same list to <c>IValidateOptions&lt;T&gt;</c>
/// and validate on start. The core package stays free of Microsoft.Extensions.Options, hence this plain helper.
/// </summary>
public static class OptionsValidation
{
    /// <summary>Throws when <paramref name="errors"/> is not empty, with every message joined by "; ".</summary>
    /// <param name="errors">What an options type's <c>Validate()</c> returned.</param>
    /// <param name="paramName">The constructor parameter that carried the options; null when the options check themselves.</param>
    /// <exception cref="ArgumentException">At least one error; the message lists them all.</exception>
    public static void ThrowIfInvalid(IReadOnlyList<string> errors, string? paramName = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count > 0) throw new ArgumentException(string.Join("; ", errors), paramName);
    }
}
