using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Pulse.Sdk.Redis;

/// <summary>Registers the options of one of the adapter's registrations, validated when the host starts by their own <c>Validate()</c>.</summary>
internal static class RedisOptionsRegistration
{
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; may be null.</param>
    /// <param name="validate">The options' problems, one message each naming the setting; empty when valid.</param>
    public static void AddValidated<TOptions>(IServiceCollection services, Action<TOptions>? configure, Func<TOptions, IReadOnlyList<string>> validate)
        where TOptions : class
    {
        var options = services.AddOptions<TOptions>();
        if (configure is not null) options.Configure(configure);
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>>(new Validator<TOptions>(validate)));
    }

    private sealed class Validator<TOptions>(Func<TOptions, IReadOnlyList<string>> validate) : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            var errors = validate(options);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
