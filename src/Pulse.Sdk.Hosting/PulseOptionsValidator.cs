using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Configuration;

namespace Pulse.Sdk.Hosting;

/// <summary>
/// Validates <see cref="PulseOptions"/>: the Data Collection Unit settings (the checks of
/// <see cref="Engine.DataCollectionUnitOptions"/>, made with the settings named after <see cref="PulseOptions"/>) and
/// that some configuration is available.
/// </summary>
internal sealed class PulseOptionsValidator(IServiceProvider services) : IValidateOptions<PulseOptions>
{
    internal const string NoConfigurationMessage =
        "PulseOptions: no configuration: call AddConfiguration(...) / set ConfigurationPath / register IPulseConfigurationProvider";

    public ValidateOptionsResult Validate(string? name, PulseOptions options)
    {
        // Only the default instance configures the unit; named PulseOptions are not used.
        if (name is not null && name != Options.DefaultName) return ValidateOptionsResult.Skip;
        ArgumentNullException.ThrowIfNull(options);

        // The unit's checks name the settings as PulseOptions carries them, so no message is re-worded here.
        var failures = new List<string>(options.ToDataCollectionUnitOptions(TimeProvider.System).Validate(nameof(PulseOptions)));

        if (options.CheckpointInterval < TimeSpan.FromMilliseconds(100) || options.CheckpointInterval > TimeSpan.FromHours(1))
            failures.Add($"PulseOptions.CheckpointInterval must be 100 ms to 1 hour, was {options.CheckpointInterval}");
        if (string.IsNullOrWhiteSpace(options.CheckpointName) || options.CheckpointName.Any(c => char.IsWhiteSpace(c) || c is '{' or '}'))
            failures.Add($"PulseOptions.CheckpointName must be a non-empty name without spaces or braces, was '{options.CheckpointName}'");

        if (options.ObjectPartitions is not null && !options.OpenStandardCatalogue)
            failures.Add("PulseOptions.ObjectPartitions needs OpenStandardCatalogue = true (each partition opens the catalogue on its own objects)");

        // The options' file is read only when nobody registered a provider (ours is then the default one).
        if (services.GetService<IPulseConfigurationProvider>() is OptionsConfigurationProvider)
        {
            if (string.IsNullOrWhiteSpace(options.ConfigurationPath))
                failures.Add(NoConfigurationMessage);
            else if (!File.Exists(options.ConfigurationPath))
                failures.Add($"PulseOptions.ConfigurationPath: file '{options.ConfigurationPath}' not found (full path '{Path.GetFullPath(options.ConfigurationPath)}'); set the path of a JSON configuration file");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
