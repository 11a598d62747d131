using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Simulation;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Dashboards.Tests.Metadata;

/// <summary>Statistic definitions of templates (docs/api.md, "Statistic definitions"): read, checked field by field, named by meaning.</summary>
public class StatisticDefinitionTests
{
    private static readonly StatisticDefinition SpanishChatsWithin30s = new()
    {
        Category = "TotalNumberInTimeRangePercentage",
        MainMask = "CallAnswered",
        RelativeMask = "CallAnswered",
        TimeProfile = "Sliding(00:15:00, 00:01:00)",
        TimeRange = "0-30",
        Filter = "Media(Chat) && PairExists(\"Language\",\"Spanish\") && KeyExists(\"VIP\")",
        Notification = "TimeBased(5)",
    };

    [Fact]
    public void Every_part_is_read_into_the_statistic_model()
    {
        var (type, notification) = SpanishChatsWithin30s.Build(ObjectType.Queue);

        Assert.Equal(StatisticCategory.TotalNumberInTimeRangePercentage, type.Category);
        Assert.Equal(StatisticSubject.DNAction, type.Subject);
        Assert.Equal(ActionMask.Of(StatAction.CallAnswered), type.MainMask);
        Assert.Equal(ActionMask.Of(StatAction.CallAnswered), type.RelativeMask);
        Assert.Equal([ObjectType.Queue], type.ObjectTypes);
        Assert.Equal(TimeProfile.Sliding(TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(1)), type.Profile);
        Assert.Equal(TimeRange.Seconds(0, 30), type.Range);
        Assert.Equal(ThresholdKind.None, type.Threshold);
        Assert.Equal([MediaType.Chat], type.Filter!.Media);
        Assert.Equal([new KeyValuePair<string, string>("Language", "Spanish")], type.Filter.PairsExist);
        Assert.Equal(["VIP"], type.Filter.KeysExist);
        Assert.Equal(NotificationMode.TimeBased(TimeSpan.FromSeconds(5)), notification);
        Assert.Matches("^def_[0-9a-f]{16}$", type.Name);
        Assert.Empty(type.Validate());
    }

    [Fact]
    public void Defaults_are_DNAction_Growing_from_midnight_the_templates_object_type_and_changes_based()
    {
        var (type, notification) = new StatisticDefinition { Category = "CurrentNumber", MainMask = "CallWait" }.Build(ObjectType.VirtualQueue);

        Assert.Equal(StatisticSubject.DNAction, type.Subject);
        Assert.Equal(TimeProfile.Default, type.Profile);
        Assert.Equal([ObjectType.VirtualQueue], type.ObjectTypes);
        Assert.Null(type.Filter);
        Assert.Equal(NotificationMode.ChangesBased(), notification);
    }

    [Fact]
    public void The_name_follows_the_meaning_not_the_spelling()
    {
        var respelled = SpanishChatsWithin30s with
        {
            Category = " totalnumberintimerangepercentage ",
            MainMask = "callanswered",
            TimeProfile = "sliding(0:15:00,00:01:00)",
            TimeRange = "0 - 30s",
            Filter = "KeyExists(\"VIP\") && PairExists( \"Language\" , \"Spanish\" )&&Media(chat)",
        };
        var name = SpanishChatsWithin30s.NameFor(ObjectType.Queue);

        Assert.Equal(name, respelled.NameFor(ObjectType.Queue));
        Assert.Equal(name, SpanishChatsWithin30s.NameFor(ObjectType.Queue));
        Assert.Equal(name, (SpanishChatsWithin30s with { ObjectTypes = ["queue"] }).NameFor(ObjectType.Queue));
        StatisticDefinition[] others =
        [
            SpanishChatsWithin30s with { TimeRange = "0-31" },
            SpanishChatsWithin30s with { MainMask = "CallAbandoned" },
            SpanishChatsWithin30s with { RelativeMask = "CallAnswered, CallAbandoned" },
            SpanishChatsWithin30s with { TimeProfile = "Sliding(00:30:00, 00:01:00)" },
            SpanishChatsWithin30s with { Filter = "Media(Chat)" },
            SpanishChatsWithin30s with { Filter = "Media(EMail) && PairExists(\"Language\",\"Spanish\") && KeyExists(\"VIP\")" },
            SpanishChatsWithin30s with { Notification = "TimeBased(10)" },
            SpanishChatsWithin30s with { Notification = null },
            SpanishChatsWithin30s with { ObjectTypes = ["Queue", "VirtualQueue"] },
            SpanishChatsWithin30s with { Category = "TotalNumberInTimeRange" },
        ];
        var names = others.Select(d => d.NameFor(ObjectType.Queue)).Append(name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Theory]
    [InlineData("category", "Nope", "statistics[0].definition.category: 'Nope' is not one of TotalNumber, ")]
    [InlineData("category", "Formula", "statistics[0].definition.category: Formula is not a category a definition may have")]
    [InlineData("subject", "DNThing", "statistics[0].definition.subject: 'DNThing' is not one of DNAction, ")]
    [InlineData("mainMask", "CallAnsw", "statistics[0].definition.mainMask: action mask term 'CallAnsw' matches no action")]
    [InlineData("relativeMask", "", "statistics[0].definition.relativeMask: action mask is empty")]
    [InlineData("objectTypes", "Agent", "statistics[0].definition.objectTypes: the template shows Queue objects, which the list (Agent) leaves out")]
    [InlineData("objectTypes", "Planet", "statistics[0].definition.objectTypes: 'Planet' is not one of Agent, ")]
    [InlineData("timeProfile", "Rolling(5)", "statistics[0].definition.timeProfile: 'Rolling(5)' is not a profile")]
    [InlineData("timeProfile", "Growing(25:00)", "statistics[0].definition.timeProfile: reset time '25:00' is not a time of day")]
    [InlineData("timeProfile", "Sliding(00:15:00, 00:07:00)", "statistics[0].definition.timeProfile: Sliding time profile: window 00:15:00 must be a whole number of panes")]
    [InlineData("timeProfile", "Selection(0)", "statistics[0].definition.timeProfile: Selection time profile: count must be 1 to 100000")]
    [InlineData("timeZone", "Mars/Olympus", "statistics[0].definition.timeZone: 'Mars/Olympus' is not a known IANA time zone")]
    [InlineData("timeRange", "30-0", "statistics[0].definition.timeRange: '30-0' is not a range in seconds")]
    [InlineData("threshold", "None", "statistics[0].definition.threshold: write ServiceLevel or ShortAbandon")]
    [InlineData("filter", "Media(Fax)", "statistics[0].definition.filter: 'Fax' is not a media type")]
    [InlineData("filter", "Language = Spanish", "statistics[0].definition.filter: cannot read 'Language = Spanish' (at character 1)")]
    [InlineData("filter", "Media(Chat) && ", "statistics[0].definition.filter: ends with &&")]
    [InlineData("notification", "TimeBased(0)", "statistics[0].definition.notification: 'TimeBased(0)' is not a notification mode")]
    [InlineData("notification", "Often", "statistics[0].definition.notification: 'Often' is not a notification mode")]
    public void A_wrong_field_is_named_with_what_to_write(string field, string value, string expected)
    {
        var d = new StatisticDefinition { Category = "TotalNumber", MainMask = "CallAnswered" };
        d = field switch
        {
            "category" => d with { Category = value },
            "subject" => d with { Subject = value },
            "mainMask" => d with { MainMask = value },
            "relativeMask" => d with { RelativeMask = value },
            "objectTypes" => d with { ObjectTypes = [value] },
            "timeProfile" => d with { TimeProfile = value },
            "timeZone" => d with { TimeZone = value },
            "timeRange" => d with { Category = "TotalNumberInTimeRange", TimeRange = value },
            "threshold" => d with { Category = "TotalNumberInTimeRange", Threshold = value },
            "filter" => d with { Filter = value },
            _ => d with { Notification = value },
        };

        var errors = d.Validate(ObjectType.Queue, "statistics[0].definition");

        Assert.StartsWith(expected, Assert.Single(errors), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => d.Build(ObjectType.Queue));
    }

    [Theory]
    [InlineData("TotalNumberInTimeRange", null, null, "statistics[0].definition: category TotalNumberInTimeRange needs a Range (for example 0-20 s) or a Threshold")]
    [InlineData("TotalNumber", "0-20", null, "statistics[0].definition.timeRange: category TotalNumber uses no time range")]
    [InlineData("TotalNumberInTimeRange", "0-20", "ServiceLevel", "statistics[0].definition.threshold: give either timeRange or threshold, not both")]
    [InlineData("CurrentState", null, null, "statistics[0].definition: category CurrentState applies to Agent objects only")]
    [InlineData("RelativeNumberPercentage", null, null, "statistics[0].definition: category RelativeNumberPercentage needs a RelativeMask")]
    public void Inconsistent_parts_are_refused_as_the_model_says(string category, string? range, string? threshold, string expected)
    {
        var d = new StatisticDefinition { Category = category, MainMask = "CallAnswered", TimeRange = range, Threshold = threshold };

        Assert.StartsWith(expected, Assert.Single(d.Validate(ObjectType.Queue, "statistics[0].definition")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_definition_computes_what_the_same_hand_built_statistic_type_does_over_a_simulated_day()
    {
        // Answered within 20 s of entering, on every queue of the demo site, from a definition and from the model directly.
        var definition = new StatisticDefinition { Category = "TotalNumberInTimeRange", MainMask = "CallAnswered", TimeRange = "0-20" };
        var (defined, _) = definition.Build(ObjectType.Queue);
        var byHand = new StatisticType
        {
            Name = "byHand", Category = StatisticCategory.TotalNumberInTimeRange, MainMask = ActionMask.Of(StatAction.CallAnswered),
            Range = TimeRange.Seconds(0, 20), ObjectTypes = [ObjectType.Queue],
        };
        var simulator = new ContactCenterSimulator(SimulatorOptions.Demo);
        var events = simulator.GenerateUntil(SimulatorOptions.Demo.Start.AddHours(2)).ToList();
        var clock = new ReplayClock(events[0].Time);
        var engine = new StatisticsEngine(simulator.Configuration, new StatisticsEngineOptions { TimeProvider = clock });
        var queues = simulator.Configuration.Tenants.Single().Queues.Select(q => new ObjectRef("demo", ObjectType.Queue, q.Id)).ToList();
        var pairs = queues.Select(q => (Defined: engine.Open(new StatisticRequest(defined, q, NotificationMode.None)), ByHand: engine.Open(new StatisticRequest(byHand, q, NotificationMode.None)))).ToList();
        foreach (var e in events)
        {
            clock.AdvanceTo(e.Time);
            engine.Apply(e);
        }

        Assert.All(pairs, p => Assert.Equal(engine.Read(p.ByHand).Number, engine.Read(p.Defined).Number));
        Assert.True(pairs.Sum(p => engine.Read(p.Defined).Number) > 100, "the day answered too few calls within 20 s to compare anything");
    }
}
