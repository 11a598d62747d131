using Pulse.Sdk.Metadata;
using Pulse.Sdk.Postgres.Metadata;
using Pulse.Sdk.Postgres.Planning;
using Pulse.Sdk.Postgres.Templates;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Postgres.Tests.Planning;

/// <summary>The planner alone: no database.</summary>
public sealed class LayoutStatisticsPlannerTests
{
    private const string Tenant = "acme";
    private static readonly IReadOnlyList<WidgetTemplate> Templates = StandardTemplates.For(Tenant);
    private static readonly WidgetTemplate QueueKpis = Templates.Single(t => t.Name == "Queue KPIs");
    private static readonly WidgetTemplate AgentKpis = Templates.Single(t => t.Name == "Agent KPIs");

    private static Layout L(WidgetTemplate template, params LayoutObject[] objects) =>
        new() { Id = Guid.NewGuid(), Tenant = Tenant, TemplateId = template.Id, Objects = objects };

    private static LayoutObject Q(string id) => new(ObjectType.Queue, id);

    [Fact]
    public void The_plan_is_the_union_of_the_active_layouts_without_duplicates()
    {
        var small = new WidgetTemplate
        {
            Id = Guid.NewGuid(), Tenant = Tenant, Name = "small", ObjectType = ObjectType.Queue,
            Statistics = [new("w", "Waiting"), new("sl", "ServiceLevel1")],
        };
        var layouts = new[] { L(QueueKpis, Q("Sales"), Q("Support")), L(small, Q("Sales"), Q("Billing")), L(QueueKpis, Q("Sales")) };

        var plan = new LayoutStatisticsPlanner().Plan(layouts, [.. Templates, small]);

        Assert.Empty(plan.Problems);
        var expected = new HashSet<StatisticRequest>();
        foreach (var q in new[] { "Sales", "Support" })
            foreach (var t in StandardCatalogue.Queue) expected.Add(new(t, new ObjectRef(Tenant, ObjectType.Queue, q)));
        expected.Add(new(StandardCatalogue.Waiting, new ObjectRef(Tenant, ObjectType.Queue, "Billing")));
        expected.Add(new(StandardCatalogue.ServiceLevel1, new ObjectRef(Tenant, ObjectType.Queue, "Billing")));
        Assert.True(expected.SetEquals(plan.Requests));
        Assert.Equal(2 * StandardCatalogue.Queue.Count + 2, plan.Requests.Count);
        Assert.Same(StandardCatalogue.ServiceLevel1, plan.Requests.First(r => r.Type.Name == "ServiceLevel1").Type);
    }

    [Fact]
    public void Inactive_and_deleted_layouts_and_deleted_templates_open_nothing()
    {
        var layouts = new[] { L(QueueKpis, Q("Sales")) with { Active = false }, L(QueueKpis, Q("Support")) with { Deleted = true }, L(AgentKpis, new LayoutObject(ObjectType.Agent, "a1")) };

        var plan = new LayoutStatisticsPlanner().Plan(layouts, Templates.Select(t => t == AgentKpis ? t with { Deleted = true } : t));

        Assert.Empty(plan.Requests);
        Assert.Contains("not found", Assert.Single(plan.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Names_are_looked_up_in_the_catalogue_of_the_objects_type()
    {
        var mixed = new WidgetTemplate
        {
            Id = Guid.NewGuid(), Tenant = Tenant, Name = "mixed", ObjectType = ObjectType.Queue,
            Statistics = [new("h", "Handled"), new("aht", "AHT"), new("x", "NoSuchStatistic")],
        };

        var plan = new LayoutStatisticsPlanner().Plan([L(mixed, Q("Sales"), new LayoutObject(ObjectType.Agent, "a1"))], [mixed]);

        Assert.Contains(new StatisticRequest(StandardCatalogue.QueueHandled, new(Tenant, ObjectType.Queue, "Sales")), plan.Requests);
        Assert.Contains(new StatisticRequest(StandardCatalogue.QueueAht, new(Tenant, ObjectType.Queue, "Sales")), plan.Requests);
        Assert.Contains(new StatisticRequest(StandardCatalogue.Handled, new(Tenant, ObjectType.Agent, "a1")), plan.Requests);
        Assert.Contains(new StatisticRequest(StandardCatalogue.Aht, new(Tenant, ObjectType.Agent, "a1")), plan.Requests);
        Assert.Equal(4, plan.Requests.Count);
        Assert.Equal(2, plan.Problems.Count);
        Assert.All(plan.Problems, p => Assert.Contains("'NoSuchStatistic'", p, StringComparison.Ordinal));
    }

    [Fact]
    public void A_formula_statistic_opens_nothing_of_its_own_and_is_no_problem()
    {
        var template = new WidgetTemplate
        {
            Id = Guid.NewGuid(), Tenant = Tenant, Name = "f", ObjectType = ObjectType.Queue,
            Statistics = [new("a", "Answered"), new("pct", "") { Formula = "Result = G.Percent(Data.a.Value, 10);" }],
        };

        var plan = new LayoutStatisticsPlanner().Plan([L(template, Q("Sales"))], [template]);

        Assert.Equal(new StatisticRequest(StandardCatalogue.Answered, new(Tenant, ObjectType.Queue, "Sales")), Assert.Single(plan.Requests));
        Assert.Empty(plan.Problems);
    }

    [Fact]
    public void A_custom_resolver_is_asked_first_and_the_tenant_object_defaults_to_the_tenant()
    {
        var custom = StandardCatalogue.Waiting with { Name = "MyWaiting" };
        var template = new WidgetTemplate { Id = Guid.NewGuid(), Tenant = Tenant, Name = "c", ObjectType = ObjectType.Tenant, Statistics = [new("m", "MyWaiting")] };
        var planner = new LayoutStatisticsPlanner((name, _) => name == "MyWaiting" ? custom : null, NotificationMode.TimeBased(TimeSpan.FromSeconds(10)));

        var plan = planner.Plan([L(template, new LayoutObject(ObjectType.Tenant, ""))], [template]);

        Assert.Equal(new StatisticRequest(custom, new(Tenant, ObjectType.Tenant, Tenant), NotificationMode.TimeBased(TimeSpan.FromSeconds(10))), Assert.Single(plan.Requests));
    }

    [Fact]
    public void The_diff_opens_what_is_new_and_closes_what_no_layout_needs()
    {
        var planner = new LayoutStatisticsPlanner();
        var sales = L(QueueKpis, Q("Sales"));
        var both = L(QueueKpis, Q("Sales"), Q("Support"));
        var before = planner.Plan([sales, L(AgentKpis, new LayoutObject(ObjectType.Agent, "a1"))], Templates);
        var after = planner.Plan([sales, both], Templates);

        var diff = LayoutStatisticsPlanner.Diff(before, after);

        Assert.Equal(StandardCatalogue.Queue.Count, diff.ToOpen.Count);
        Assert.All(diff.ToOpen, r => Assert.Equal("Support", r.Object.Id));
        Assert.Equal(StandardCatalogue.Agent.Count, diff.ToClose.Count);
        Assert.All(diff.ToClose, r => Assert.Equal(ObjectType.Agent, r.Object.Type));
        Assert.True(LayoutStatisticsPlanner.Diff(after, after).IsEmpty);
        Assert.Equal(after.Requests.Count, LayoutStatisticsPlanner.Diff(StatisticPlan.Empty, after).ToOpen.Count);
    }

    [Fact]
    public void A_template_definition_is_opened_with_its_own_notification_and_is_the_same_request_in_the_next_plan()
    {
        var definition = new StatisticDefinition { Category = "CurrentNumber", MainMask = "CallWait", Filter = "Media(Voice)", Notification = "TimeBased(3)" };
        var template = new WidgetTemplate
        {
            Id = Guid.NewGuid(), Tenant = Tenant, Name = "defined", ObjectType = ObjectType.Queue,
            Statistics = [new("w", "Waiting"), new("voice", definition.NameFor(ObjectType.Queue)) { Definition = definition }],
        };
        var planner = new LayoutStatisticsPlanner();
        var layouts = new[] { L(template, Q("Sales"), Q("Support")) };

        var before = planner.Plan(layouts, [template]);
        var after = planner.Plan(layouts, [template with { Name = "renamed" }]);

        Assert.Empty(before.Problems);
        var defined = before.Requests.Where(r => r.Type.Name == definition.NameFor(ObjectType.Queue)).ToList();
        Assert.Equal(["Sales", "Support"], defined.Select(r => r.Object.Id).Order(StringComparer.Ordinal));
        Assert.All(defined, r => Assert.Equal(NotificationMode.TimeBased(TimeSpan.FromSeconds(3)), r.Notification));
        Assert.All(defined, r => Assert.Equal(definition.Build(ObjectType.Queue).Type with { ObjectTypes = r.Type.ObjectTypes }, r.Type));
        Assert.Same(defined[0].Type, defined[1].Type);
        Assert.True(LayoutStatisticsPlanner.Diff(before, after).IsEmpty);
    }

    [Fact]
    public void A_stored_definition_that_is_not_valid_is_a_problem_and_opens_nothing()
    {
        var definition = new StatisticDefinition { Category = "TotalNumberInTimeRange", MainMask = "CallAnswered" };
        var template = new WidgetTemplate
        {
            Id = Guid.NewGuid(), Tenant = Tenant, Name = "broken", ObjectType = ObjectType.Queue,
            Statistics = [new("fast", "def_0000000000000000") { Definition = definition }],
        };

        var plan = new LayoutStatisticsPlanner().Plan([L(template, Q("Sales"))], [template]);

        Assert.Empty(plan.Requests);
        Assert.Contains("alias 'fast': the definition is not valid: definition: category TotalNumberInTimeRange needs a Range", Assert.Single(plan.Problems), StringComparison.Ordinal);
    }
}
