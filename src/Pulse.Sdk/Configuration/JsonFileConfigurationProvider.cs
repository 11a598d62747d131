namespace Pulse.Sdk.Configuration;

/// <summary>
/// A configuration read from a JSON file (see <see cref="ConfigurationJson"/>). The file is loaded at
/// construction; <see cref="Reload"/> (or, with <see cref="JsonFileConfigurationProviderOptions.Watch"/>,
/// a change of the file) re-reads it. A valid new file replaces <see cref="Current"/> and raises
/// <see cref="Changed"/>; an invalid one leaves the previous configuration in effect and is reported
/// through <see cref="OnReloadError"/> and <see cref="LastReloadError"/>, so that a bad edit never
/// takes down a running engine.
/// </summary>
public sealed class JsonFileConfigurationProvider : IPulseConfigurationProvider, IDisposable
{
    private readonly Lock _reloadGate = new();
    private readonly Lock _timerGate = new();
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _debounceDelay;
    private readonly string _fileName;
    private readonly FileSystemWatcher? _watcher;
    private ITimer? _debounceTimer;
    private PulseConfiguration _current;
    private string _currentJson;
    private ConfigurationException? _lastReloadError;
    private volatile bool _disposed;

    /// <summary>Loads <paramref name="path"/>; with <paramref name="watch"/>, reloads it when it changes (500 ms debounce).</summary>
    /// <param name="path">The configuration file.</param>
    /// <param name="watch">Watch the file and reload it after a change.</param>
    /// <exception cref="ConfigurationException">The file cannot be read, is not a valid configuration, or cannot be watched.</exception>
    public JsonFileConfigurationProvider(string path, bool watch = false)
        : this(path, new JsonFileConfigurationProviderOptions { Watch = watch })
    {
    }

    /// <summary>Loads <paramref name="path"/> with the given options.</summary>
    /// <param name="path">The configuration file.</param>
    /// <param name="options">Watching, debounce, clock and error callback.</param>
    /// <exception cref="ConfigurationException">The file cannot be read, is not a valid configuration, or cannot be watched.</exception>
    public JsonFileConfigurationProvider(string path, JsonFileConfigurationProviderOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.TimeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.DebounceDelay, TimeSpan.Zero);

        Path = path;
        _timeProvider = options.TimeProvider;
        _debounceDelay = options.DebounceDelay;
        OnReloadError = options.OnReloadError;
        var fullPath = System.IO.Path.GetFullPath(path);
        _fileName = System.IO.Path.GetFileName(fullPath);

        _current = ConfigurationJson.Load(path);
        _currentJson = ConfigurationJson.Serialize(_current);

        if (options.Watch)
        {
            var directory = System.IO.Path.GetDirectoryName(fullPath) ?? ".";
            FileSystemWatcher? watcher = null;
            try
            {
                watcher = new FileSystemWatcher(directory)
                {
                    IncludeSubdirectories = false,
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite
                        | NotifyFilters.Size | NotifyFilters.CreationTime,
                };
                watcher.Changed += OnFileEvent;
                watcher.Created += OnFileEvent;
                watcher.Deleted += OnFileEvent;
                watcher.Renamed += OnFileRenamed;
                watcher.Error += OnWatcherError;
                watcher.EnableRaisingEvents = true;
            }
            catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
            {
                watcher?.Dispose();
                throw new ConfigurationException($"{path}: cannot watch the configuration file: {e.Message}", e);
            }
            _watcher = watcher;
        }
    }

    /// <summary>The configuration file, as given to the constructor (error messages start with it).</summary>
    public string Path { get; }

    /// <summary>True when the file is watched for changes.</summary>
    public bool IsWatching => _watcher is not null;

    /// <inheritdoc />
    public PulseConfiguration Current => Volatile.Read(ref _current);

    /// <summary>
    /// Raised after <see cref="Current"/> has changed (a reload found a valid file whose content
    /// differs); the argument is the new configuration. Raised on the thread that reloads: the caller
    /// of <see cref="Reload"/>, or a timer thread when watching.
    /// </summary>
    public event Action<PulseConfiguration>? Changed;

    /// <summary>The error of the most recent reload, or null when it succeeded (or none has run).</summary>
    public ConfigurationException? LastReloadError => Volatile.Read(ref _lastReloadError);

    /// <summary>Called when a reload finds the file unreadable or invalid; the previous configuration stays in effect.</summary>
    public Action<ConfigurationException>? OnReloadError { get; set; }

    /// <summary>
    /// Re-reads the file. When it is valid, <see cref="LastReloadError"/> becomes null and, if its
    /// content differs from <see cref="Current"/>, <see cref="Current"/> is replaced and
    /// <see cref="Changed"/> is raised. When it is not, the previous configuration is kept, the error
    /// is stored in <see cref="LastReloadError"/> and passed to <see cref="OnReloadError"/>; nothing is thrown.
    /// </summary>
    /// <returns>True when the file was valid (and <see cref="Current"/> now reflects it); false when it was not.</returns>
    /// <exception cref="ObjectDisposedException">The provider is disposed.</exception>
    public bool Reload()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_reloadGate)
        {
            PulseConfiguration next;
            string nextJson;
            try
            {
                next = ConfigurationJson.Load(Path);
                nextJson = ConfigurationJson.Serialize(next);
            }
            catch (ConfigurationException e)
            {
                Volatile.Write(ref _lastReloadError, e);
                OnReloadError?.Invoke(e);
                return false;
            }
            Volatile.Write(ref _lastReloadError, null);
            if (string.Equals(nextJson, _currentJson, StringComparison.Ordinal)) return true;
            _currentJson = nextJson;
            Volatile.Write(ref _current, next);
            Changed?.Invoke(next);
            return true;
        }
    }

    /// <summary>Stops watching. <see cref="Current"/> stays readable; <see cref="Changed"/> is no longer raised.</summary>
    public void Dispose()
    {
        lock (_timerGate)
        {
            if (_disposed) return;
            _disposed = true;
            _debounceTimer?.Dispose();
            _debounceTimer = null;
        }
        if (_watcher is not null)
        {
            _watcher.EnableRaisingEvents = false;
            _watcher.Changed -= OnFileEvent;
            _watcher.Created -= OnFileEvent;
            _watcher.Deleted -= OnFileEvent;
            _watcher.Renamed -= OnFileRenamed;
            _watcher.Error -= OnWatcherError;
            _watcher.Dispose();
        }
    }

    /// <summary>
    /// (Re)starts the debounce timer: the file is reloaded once it has been quiet for the debounce
    /// delay. Called by the watcher; tests call it directly with a manual clock.
    /// </summary>
    internal void ScheduleReload()
    {
        lock (_timerGate)
        {
            if (_disposed) return;
            _debounceTimer ??= _timeProvider.CreateTimer(static state => ((JsonFileConfigurationProvider)state!).OnDebounceElapsed(),
                this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _debounceTimer.Change(_debounceDelay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// Whether a watcher notification about <paramref name="name"/> (a name in the file's directory)
    /// concerns the file: the file itself, or a Kubernetes ConfigMap volume swapping its
    /// <c>..data</c> link (names starting with <c>..</c>).
    /// </summary>
    internal static bool IsRelevant(string? name, string fileName)
    {
        if (string.IsNullOrEmpty(name)) return false;
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()
            ? StringComparison.OrdinalIgnoreCase
            : StringComparison.Ordinal;
        return string.Equals(name, fileName, comparison) || name.StartsWith("..", StringComparison.Ordinal);
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e)
    {
        if (IsRelevant(e.Name, _fileName)) ScheduleReload();
    }

    private void OnFileRenamed(object sender, RenamedEventArgs e)
    {
        if (IsRelevant(e.Name, _fileName) || IsRelevant(e.OldName, _fileName)) ScheduleReload();
    }

    private void OnWatcherError(object sender, ErrorEventArgs e) => ScheduleReload();

    private void OnDebounceElapsed()
    {
        if (_disposed) return;
        try
        {
            Reload();
        }
        catch (ObjectDisposedException)
        {
            // Disposed while the timer fired.
        }
#pragma warning disable CA1031 // A timer thread must not let a handler's exception end the process.
        catch (Exception e)
        {
            // A Changed handler or the OnReloadError callback threw. The configuration itself was
            // handled; report the failure and keep running.
            try
            {
                OnReloadError?.Invoke(new ConfigurationException($"{Path}: a configuration change handler failed: {e.Message}", e));
            }
            catch (Exception)
            {
                // Nothing more can be done on a timer thread.
            }
        }
#pragma warning restore CA1031
    }
}

/// <summary>Options of a <see cref="JsonFileConfigurationProvider"/>.</summary>
public sealed record JsonFileConfigurationProviderOptions
{
    /// <summary>
    /// When true, the file is watched (<see cref="FileSystemWatcher"/>) and reloaded after it changes.
    /// Default false: call <see cref="JsonFileConfigurationProvider.Reload"/> yourself.
    /// </summary>
    public bool Watch { get; init; }

    /// <summary>
    /// How long the file must stay quiet after a change notification before it is reloaded; a burst of
    /// notifications (an editor saving, a deployment swapping files) gives one reload. Default 500 ms.
    /// </summary>
    public TimeSpan DebounceDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The clock of the debounce timer. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Called when a reload finds the file invalid or unreadable (the previous configuration stays in
    /// effect). Also settable later through <see cref="JsonFileConfigurationProvider.OnReloadError"/>.
    /// </summary>
    public Action<ConfigurationException>? OnReloadError { get; init; }
}
