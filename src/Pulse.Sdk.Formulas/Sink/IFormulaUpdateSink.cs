namespace Pulse.Sdk.Formulas;

/// <summary>Receives formula values from a <see cref="FormulaSink"/>, on the engine partition's thread at each flush.</summary>
public interface IFormulaUpdateSink
{
    /// <summary>Formula values that changed at this flush. The span is only valid during the call.</summary>
    void OnFormulaUpdates(ReadOnlySpan<FormulaUpdate> updates);
}
