using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Formulas.Tests.Support;
using Pulse.Sdk.Simulation;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Formulas.Tests.Sink;

public sealed class FormulaSinkTests
{
    private static readonly Dictionary<string, string> SlAliases = new()
    {
        ["Within"] = "AnsweredWithinThreshold", ["Answered"] = "Answered", ["Abandoned"] = "Abandoned",
    };

    private const string ServiceLevel = "Result = G.Percent(Data.Within.Value, Data.Answered.Value + Data.Abandoned.Value);";

    /// <summary>The same arithmetic as <see cref="ServiceLevel"/>, in C#.</summary>
    private static double ServiceLevelInCSharp(double within, double answered, double abandoned) =>
        answered + abandoned == 0 ? 0 : 100 * within / (answered + abandoned);

    [Fact]
    public void A_closed_input_marks_its_formulas_stale_and_the_close_reaches_the_inner_sink()
    {
        var sim = new ContactCenterSimulator(SimulatorOptions.Demo);
        var engine = new StatisticsEngine(sim.Configuration, new StatisticsEngineOptions { TimeProvider = new ReplayClock(sim.Options.Start) });
        var recorder = new Recorder();
        engine.AddSink(new FormulaSink([new FormulaDefinition(ObjectType.Queue, "SL", ServiceLevel, SlAliases)], recorder, inner: recorder, options: Run.Options));
        var queue = engine.Objects.First(o => o.Type == ObjectType.Queue);
        var inputs = SlAliases.Values.Select(name => engine.Open(new StatisticRequest(StandardCatalogue.All.First(t => t.Name == name), queue))).ToList();
        engine.Flush();
        Assert.False(Assert.Single(recorder.Formulas).Stale);

        engine.Close(inputs[1]);
        engine.Flush();

        Assert.Same(inputs[1], Assert.Single(recorder.Closed));
        Assert.Equal(2, recorder.Formulas.Count);
        Assert.True(recorder.Formulas[^1].Stale);
        Assert.Equal((queue, "SL"), (recorder.Formulas[^1].Object, recorder.Formulas[^1].Name));
    }

    [Fact]
    public void Saved_formulas_equal_the_same_arithmetic_in_CSharp_over_the_simulator_s_day()
    {
        var sim = new ContactCenterSimulator(SimulatorOptions.Demo);
        var config = sim.Configuration;
        var clock = new ReplayClock(sim.Options.Start);
        var engine = new StatisticsEngine(config, new StatisticsEngineOptions { TimeProvider = clock });
        var checkedCells = 0;
        var recorder = new Recorder
        {
            Check = (u, r) =>
            {
                checkedCells++;
                Assert.False(u.Value.IsError, $"{u.Object}/{u.Name}: {u.Value}");
                switch (u.Name)
                {
                    case "SL":
                        var expected = ServiceLevelInCSharp(r.Value(u.Object, "AnsweredWithinThreshold").Number, r.Value(u.Object, "Answered").Number, r.Value(u.Object, "Abandoned").Number);
                        Assert.Equal(expected, u.Value.Number);
                        // And the engine's own ICMI 3 service level agrees.
                        Assert.Equal(r.Value(u.Object, "ServiceLevel3").Number, u.Value.Number, 9);
                        break;
                    case "AnswerRate":
                        var a = r.Value(u.Object, "Answered").Number;
                        var e = r.Value(u.Object, "Entered").Number;
                        Assert.Equal(e == 0 ? 0 : a / e * 100, u.Value.Number);
                        break;
                    case "Status":
                        var state = r.Value(u.Object, "CurrentState");
                        Assert.Equal(state.State + " " + TimeSpan.FromSeconds(Math.Floor(state.Number)).ToString(@"hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture), u.Value.Text);
                        break;
                    default:
                        Assert.Fail("unexpected formula " + u.Name);
                        break;
                }
            },
        };
        var sink = new FormulaSink(
        [
            new FormulaDefinition(ObjectType.Queue, "SL", ServiceLevel, SlAliases),
            new FormulaDefinition(ObjectType.Queue, "AnswerRate", "Result = G.Div(Data.Answered.Value, Data.Entered.Value) * 100;",
                new Dictionary<string, string> { ["Answered"] = "Answered", ["Entered"] = "Entered" }),
            new FormulaDefinition(ObjectType.Agent, "Status", "Result = G.FormatStatus(Data.State.Value);",
                new Dictionary<string, string> { ["State"] = "CurrentState" }),
        ], recorder, inner: recorder, options: Run.Options);
        engine.AddSink(sink);
        engine.OpenStandardCatalogue(NotificationMode.ChangesBased());

        var end = sim.Options.Start.AddHours(10);
        var nextFlush = sim.Options.Start.AddMinutes(1);
        foreach (var e in sim.GenerateUntil(end))
        {
            while (e.Time >= nextFlush)
            {
                clock.AdvanceTo(nextFlush);
                engine.Flush();
                nextFlush = nextFlush.AddMinutes(1);
            }
            clock.AdvanceTo(e.Time);
            engine.Apply(e);
        }
        engine.Flush();

        var queues = config.Tenants.Single().Queues.Count;
        var lastSl = recorder.Formulas.Where(f => f.Name == "SL").GroupBy(f => f.Object).Select(g => g.Last()).ToList();
        Assert.Equal(queues, lastSl.Count);
        Assert.All(lastSl, f => Assert.InRange(f.Value.Number, 1, 100));
        Assert.True(checkedCells > 1000, $"only {checkedCells} formula values were checked");
    }

    [Fact]
    public void Only_formulas_whose_inputs_changed_run_and_only_changed_values_are_handed_on()
    {
        var (engine, recorder, queue) = OneQueue(
            new FormulaDefinition(ObjectType.Queue, "SL", ServiceLevel, SlAliases),
            new FormulaDefinition(ObjectType.Queue, "Waiting2", "Result = Data.W.Value * 2;", new Dictionary<string, string> { ["W"] = "Waiting" }));
        engine.Flush();
        Assert.Equal(2, recorder.Formulas.Count);
        Assert.All(recorder.Formulas, f => Assert.Equal(queue, f.Object));
        Assert.Equal(0, recorder.Formulas.Single(f => f.Name == "SL").Value.Number);
        engine.Flush();
        Assert.Equal(2, recorder.Formulas.Count);
        Assert.True(recorder.EngineBatches >= 1);
    }

    [Fact]
    public void A_formula_error_is_one_cell_and_the_others_go_on()
    {
        var (engine, recorder, _) = OneQueue(
            new FormulaDefinition(ObjectType.Queue, "Loop", "while (true) {}", new Dictionary<string, string> { ["W"] = "Waiting" }),
            new FormulaDefinition(ObjectType.Queue, "Throws", "throw new Error('bad ' + Data.W.Value);", new Dictionary<string, string> { ["W"] = "Waiting" }),
            new FormulaDefinition(ObjectType.Queue, "SL", ServiceLevel, SlAliases));
        engine.Flush();
        Assert.Contains("MaxStatements", recorder.Formulas.Single(f => f.Name == "Loop").Value.Text, StringComparison.Ordinal);
        Assert.Equal("bad 0", recorder.Formulas.Single(f => f.Name == "Throws").Value.Text);
        Assert.Equal(FormulaValue.FromNumber(0), recorder.Formulas.Single(f => f.Name == "SL").Value);
    }

    [Fact]
    public void A_bad_formula_is_refused_when_the_sink_is_built_naming_the_formula()
    {
        var e = Assert.Throws<FormulaCompileException>(() => new FormulaSink(
            [new FormulaDefinition(ObjectType.Queue, "SL", "Result = Data.Within.Value / Data.Offered.Value;", SlAliases)], new Recorder()));
        Assert.Equal("Offered", e.Alias);
        Assert.Equal((1, 35), (e.Line, e.Column));
        Assert.StartsWith("formula 'SL' (Queue): unknown alias 'Offered'", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new FormulaSink(
            [new FormulaDefinition(ObjectType.Queue, "SL", ServiceLevel, SlAliases), new FormulaDefinition(ObjectType.Queue, "SL", ServiceLevel, SlAliases)], new Recorder()));
    }

    private static (StatisticsEngine Engine, Recorder Recorder, ObjectRef Queue) OneQueue(params FormulaDefinition[] formulas)
    {
        var sim = new ContactCenterSimulator(SimulatorOptions.Demo with { Queues = 1, VirtualQueues = 0 });
        var engine = new StatisticsEngine(sim.Configuration, new StatisticsEngineOptions { TimeProvider = new ReplayClock(sim.Options.Start) });
        var recorder = new Recorder();
        engine.AddSink(new FormulaSink(formulas, recorder, recorder, Run.Options));
        var queue = new ObjectRef(sim.Options.TenantId, ObjectType.Queue, "q001");
        foreach (var t in new[] { StandardCatalogue.Answered, StandardCatalogue.AnsweredWithinThreshold, StandardCatalogue.Abandoned, StandardCatalogue.Waiting })
            engine.Open(new StatisticRequest(t, queue, NotificationMode.ChangesBased()));
        return (engine, recorder, queue);
    }
}
