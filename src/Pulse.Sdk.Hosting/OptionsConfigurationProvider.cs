using Microsoft.Extensions.Options;
using Pulse.Sdk.Configuration;

namespace Pulse.Sdk.Hosting;

/// <summary>
/// The <see cref="IPulseConfigurationProvider"/> registered by <c>AddPulse</c> when no other is: it reads
/// <see cref="PulseOptions.ConfigurationPath"/> (watching it with <see cref="PulseOptions.WatchConfiguration"/>)
/// on first use. The container creates it and so disposes it, which stops the file watch.
/// </summary>
internal sealed class OptionsConfigurationProvider(IOptions<PulseOptions> options) : IPulseConfigurationProvider, IDisposable
{
    private readonly Lock _gate = new();
    private JsonFileConfigurationProvider? _file;
    private bool _disposed;

    private JsonFileConfigurationProvider File
    {
        get
        {
            lock (_gate)
            {
                if (_file is not null) return _file;
                ObjectDisposedException.ThrowIf(_disposed, this);
                // Reading the options here, not in the constructor, keeps the validator (which resolves
                // this provider) from re-entering options creation.
                var o = options.Value;
                if (string.IsNullOrWhiteSpace(o.ConfigurationPath))
                    throw new InvalidOperationException(PulseOptionsValidator.NoConfigurationMessage);
                _file = new JsonFileConfigurationProvider(o.ConfigurationPath, o.WatchConfiguration);
                return _file;
            }
        }
    }

    public PulseConfiguration Current => File.Current;

    public event Action<PulseConfiguration>? Changed
    {
        add => File.Changed += value;
        remove
        {
            JsonFileConfigurationProvider? file;
            lock (_gate) file = _file;
            if (file is not null) file.Changed -= value;
        }
    }

    public void Dispose()
    {
        JsonFileConfigurationProvider? file;
        lock (_gate)
        {
            _disposed = true;
            file = _file;
        }
        file?.Dispose();
    }
}
