namespace Pulse.Sdk.Prometheus;

/// <summary>The Prometheus type an instrument is exported as.</summary>
internal enum PrometheusMetricKind
{
    /// <summary>Counter and ObservableCounter: a monotonic counter.</summary>
    Counter,

    /// <summary>UpDownCounter, ObservableUpDownCounter, ObservableGauge and Gauge.</summary>
    Gauge,

    /// <summary>Histogram.</summary>
    Histogram,
}
