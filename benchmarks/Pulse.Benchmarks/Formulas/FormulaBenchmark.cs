using System.Globalization;
using BenchmarkDotNet.Attributes;
using Pulse.Sdk.Formulas;
using Pulse.Sdk.Statistics;

namespace Pulse.Benchmarks.Formulas;

/// <summary>
/// Formula evaluations per second on one thread (docs/benchmarks.md, "Formula statistics"): a service-level formula (plain
/// arithmetic: C# delegates, and in the engine for comparison) and an agent-status formula in the sandboxed Jint engine, each against a C# lambda doing the same arithmetic over the
/// same 1,024 rows in the same run. One operation = one cell evaluated.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class FormulaBenchmark
{
    private const int Rows = 1024;

    /// <summary>The service level as Pulse writes it: ICMI 3 over the row's aliases.</summary>
    public const string ServiceLevel = "Result = G.Percent(Data.Within.Value, Data.Answered.Value + Data.Abandoned.Value);";

    /// <summary>The agent's status with its duration, as a wallboard cell shows it.</summary>
    public const string AgentStatus = "Result = G.FormatStatus(Data.State.Value);";

    private static readonly Func<double, double, double, double> ServiceLevelLambda =
        (within, answered, abandoned) => answered + abandoned == 0 ? 0 : 100 * within / (answered + abandoned);

    private static readonly Func<StatisticValue, string> AgentStatusLambda = s =>
    {
        var t = (long)Math.Floor(Math.Abs(s.Number));
        return string.Create(CultureInfo.InvariantCulture, $"{s.State} {t / 3600:00}:{t / 60 % 60:00}:{t % 60:00}");
    };

    private readonly FormulaInput[][] _slRows = new FormulaInput[Rows][];
    private readonly double[][] _slNumbers = new double[Rows][];
    private readonly FormulaInput[][] _stateRows = new FormulaInput[Rows][];
    private FormulaEvaluator _sl = null!;
    private FormulaEvaluator _status = null!;

    /// <summary>Compiles both formulas once and draws the rows.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        var statuses = Enum.GetValues<Pulse.Sdk.Statistics.AgentStatus>();
        for (var i = 0; i < Rows; i++)
        {
            double answered = rng.Next(0, 5000), abandoned = rng.Next(0, 500), within = Math.Floor(answered * rng.NextDouble());
            _slNumbers[i] = [within, answered, abandoned];
            _slRows[i] = [within, answered, abandoned];
            _stateRows[i] = [new StatisticValue(rng.Next(0, 36_000) + rng.NextDouble(), statuses[rng.Next(statuses.Length)], i % 3 == 0 ? "Lunch" : null)];
        }
        _sl = new FormulaEvaluator(Formula.Compile(ServiceLevel, ["Within", "Answered", "Abandoned"]));
        _status = new FormulaEvaluator(Formula.Compile(AgentStatus, ["State"]));
    }

    /// <summary>The service level in C#.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public double ServiceLevelCSharp()
    {
        var sum = 0.0;
        foreach (var r in _slNumbers) sum += ServiceLevelLambda(r[0], r[1], r[2]);
        return sum;
    }

    /// <summary>The service level as a formula.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public double ServiceLevelFormula()
    {
        var sum = 0.0;
        foreach (var r in _slRows) sum += _sl.Evaluate(r).Number;
        return sum;
    }

    /// <summary>The same service-level formula run in the engine, as any formula outside the arithmetic subset runs.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public double ServiceLevelFormulaInEngine()
    {
        var sum = 0.0;
        foreach (var r in _slRows) sum += _sl.EvaluateInEngine(r).Number;
        return sum;
    }

    /// <summary>The agent status in C#.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public int AgentStatusCSharp()
    {
        var n = 0;
        foreach (var r in _stateRows) n += AgentStatusLambda(r[0].Value).Length;
        return n;
    }

    /// <summary>The agent status as a formula.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public int AgentStatusFormula()
    {
        var n = 0;
        foreach (var r in _stateRows) n += _status.Evaluate(r).Text!.Length;
        return n;
    }
}
