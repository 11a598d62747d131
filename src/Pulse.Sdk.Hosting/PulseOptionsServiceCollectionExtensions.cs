using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Pulse.Sdk.Hosting;

/// <summary>
/// The one registration of validated options for the Pulse packages that have DI (docs/architecture.md, "Options"):
/// the options type's own <c>Validate()</c> list, adapted to <see cref="IValidateOptions{TOptions}"/> and checked when
/// the host starts, so a bad setting stops the host with its own message and every other at once.
/// </summary>
public static class PulseOptionsServiceCollectionExtensions
{
    /// <summary>Registers <typeparamref name="TOptions"/>, <paramref name="configure"/> and its validation on start; calling it again only adds <paramref name="configure"/>.</summary>
    /// <typeparam name="TOptions">The options type.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; may be null.</param>
    /// <param name="validate">The options' problems, one message each starting with <c>&lt;OptionsType&gt;.&lt;Setting&gt;</c>; empty when valid.</param>
    /// <returns>The options builder, to bind configuration for example.</returns>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(
        this IServiceCollection services, Action<TOptions>? configure, Func<TOptions, IReadOnlyList<string>> validate)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(validate);
        var options = services.AddOptions<TOptions>();
        if (configure is not null) options.Configure(configure);
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>>(new ListValidator<TOptions>(validate)));
        return options;
    }

    private sealed class ListValidator<TOptions>(Func<TOptions, IReadOnlyList<string>> validate) : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            var errors = validate(options);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
