using Pulse.Sdk.Metadata;
using Pulse.Sdk.Statistics;

namespace Pulse.Testing;

/// <summary>
/// What every <see cref="IMetadataStore"/> must do, run against each implementation (in memory here, PostgreSQL in
/// Pulse.Sdk.Postgres.Tests, which compiles this file in too): uscn order, tombstones, tenant isolation, validation.
/// </summary>
public abstract class MetadataStoreContract
{
    private IMetadataStore? _created;

    /// <summary>The store under test; each test uses fresh tenant names, so one store may serve all tests.</summary>
    protected abstract IMetadataStore CreateStore();

    private IMetadataStore Store => _created ??= CreateStore();

    private static string NewTenant() => "t" + Guid.NewGuid().ToString("N")[..12];

    private static WidgetTemplate Template(string tenant, string name = "Queues") => new()
    {
        Id = Guid.NewGuid(), Tenant = tenant, Name = name, WidgetType = WidgetType.Grid, ObjectType = ObjectType.Queue,
        Description = "queues",
        Statistics = [new("Waiting", "Waiting") { DisplayAlias = "Calls waiting", Description = "now", DisplayFormat = ValueFormat.Integer },
                      new("SL", "ServiceLevel1") { DisplayFormat = ValueFormat.Percent }],
    };

    [Fact]
    public async Task A_template_round_trips_and_each_write_takes_the_next_uscn()
    {
        var tenant = NewTenant();
        Assert.Equal(0, await Store.GetUscnAsync(tenant));
        var template = Template(tenant);

        var first = await Store.SaveTemplateAsync(template);
        var second = await Store.SaveTemplateAsync(template with { Name = "Renamed", UserEdited = true });

        Assert.Equal(1, first.Uscn);
        Assert.Equal(2, second.Uscn);
        Assert.Equal(2, await Store.GetUscnAsync(tenant));
        var read = await Store.GetTemplateAsync(tenant, template.Id);
        Assert.NotNull(read);
        Assert.Equal("Renamed", read.Name);
        Assert.True(read.UserEdited);
        Assert.Equal(WidgetType.Grid, read.WidgetType);
        Assert.Equal(ObjectType.Queue, read.ObjectType);
        Assert.Equal("queues", read.Description);
        Assert.Equal(template.Statistics, read.Statistics);
        Assert.Equal(2, read.Uscn);
    }

    [Fact]
    public async Task Changes_since_a_uscn_hold_only_later_writes_and_deletions_as_tombstones()
    {
        var tenant = NewTenant();
        var a = await Store.SaveTemplateAsync(Template(tenant, "A"));                 // 1
        var b = await Store.SaveTemplateAsync(Template(tenant, "B"));                 // 2
        var layout = await Store.SaveLayoutAsync(new Layout                            // 3
        {
            Id = Guid.NewGuid(), Tenant = tenant, TemplateId = b.Id, Name = "wall", Objects = [new(ObjectType.Queue, "Sales")],
            Options = new Dictionary<string, string> { ["refresh"] = "10" },
        });
        var tab = await Store.SaveTabAsync(new Tab { Id = Guid.NewGuid(), Tenant = tenant, Owner = "ann", Name = "Main", LayoutIds = [layout.Id] }); // 4
        var prefs = await Store.SavePreferencesAsync(new UserPreferences { Tenant = tenant, User = "ann", Values = new Dictionary<string, string> { ["theme"] = "dark" } }); // 5
        Assert.True(await Store.DeleteTemplateAsync(tenant, a.Id));                    // 6
        Assert.False(await Store.DeleteTemplateAsync(tenant, a.Id));                   // already deleted: no write

        var all = await Store.GetChangesAsync(tenant, 0);
        Assert.Equal(6, all.Uscn);
        Assert.Equal([b.Id, a.Id], all.Templates.Select(t => t.Id));
        Assert.True(all.Templates[1].Deleted);
        Assert.Equal(6, all.Templates[1].Uscn);
        Assert.Equal(layout.Id, Assert.Single(all.Layouts).Id);
        Assert.Equal("10", all.Layouts[0].Options["refresh"]);
        Assert.Equal([layout.Id], Assert.Single(all.Tabs).LayoutIds);
        Assert.Equal("dark", Assert.Single(all.Preferences).Values["theme"]);

        var since4 = await Store.GetChangesAsync(tenant, tab.Uscn);
        Assert.Equal(6, since4.Uscn);
        Assert.Equal(a.Id, Assert.Single(since4.Templates).Id);
        Assert.True(since4.Templates[0].Deleted);
        Assert.Empty(since4.Layouts);
        Assert.Empty(since4.Tabs);
        Assert.Equal(prefs.Uscn, Assert.Single(since4.Preferences).Uscn);

        var none = await Store.GetChangesAsync(tenant, since4.Uscn);
        Assert.Equal(6, none.Uscn);
        Assert.Empty(none.Templates);
        Assert.Empty(none.Layouts);
        Assert.Empty(none.Tabs);
        Assert.Empty(none.Preferences);

        Assert.Null(await Store.GetTemplateAsync(tenant, a.Id));
        Assert.Equal(["B"], (await Store.GetTemplatesAsync(tenant)).Select(t => t.Name));
    }

    [Fact]
    public async Task A_layouts_owner_and_a_tabs_shared_flag_round_trip_and_survive_a_deletion()
    {
        var tenant = NewTenant();
        var mine = await Store.SaveLayoutAsync(new Layout { Id = Guid.NewGuid(), Tenant = tenant, TemplateId = Guid.NewGuid(), Owner = "ann" });
        var installed = await Store.SaveLayoutAsync(new Layout { Id = Guid.NewGuid(), Tenant = tenant, TemplateId = Guid.NewGuid() });
        var shared = await Store.SaveTabAsync(new Tab { Id = Guid.NewGuid(), Tenant = tenant, Owner = "ann", Shared = true });
        var own = await Store.SaveTabAsync(new Tab { Id = Guid.NewGuid(), Tenant = tenant, Owner = "ann" });

        Assert.Equal("ann", (await Store.GetLayoutAsync(tenant, mine.Id))?.Owner);
        Assert.Null((await Store.GetLayoutAsync(tenant, installed.Id))?.Owner);
        Assert.True((await Store.GetTabAsync(tenant, shared.Id))?.Shared);
        Assert.False((await Store.GetTabAsync(tenant, own.Id))?.Shared);

        Assert.True(await Store.DeleteTabAsync(tenant, shared.Id));
        Assert.True(await Store.DeleteLayoutAsync(tenant, mine.Id));
        var changes = await Store.GetChangesAsync(tenant, 4);
        var tombstone = Assert.Single(changes.Tabs);
        Assert.True(tombstone is { Deleted: true, Shared: true, Owner: "ann" });
        Assert.True(Assert.Single(changes.Layouts) is { Deleted: true, Owner: "ann" });
    }

    [Fact]
    public async Task Deleting_and_saving_again_brings_a_row_back()
    {
        var tenant = NewTenant();
        var tab = await Store.SaveTabAsync(new Tab { Id = Guid.NewGuid(), Tenant = tenant, Owner = "bob" });
        Assert.True(await Store.DeleteTabAsync(tenant, tab.Id));
        Assert.Null(await Store.GetTabAsync(tenant, tab.Id));
        Assert.Empty(await Store.GetTabsAsync(tenant, "bob"));

        var back = await Store.SaveTabAsync(tab with { Name = "again" });

        Assert.Equal(3, back.Uscn);
        Assert.Equal("again", (await Store.GetTabAsync(tenant, tab.Id))?.Name);
        Assert.False(Assert.Single((await Store.GetChangesAsync(tenant, 2)).Tabs).Deleted);

        await Store.SavePreferencesAsync(new UserPreferences { Tenant = tenant, User = "bob" });
        Assert.True(await Store.DeletePreferencesAsync(tenant, "bob"));
        Assert.Null(await Store.GetPreferencesAsync(tenant, "bob"));
        Assert.True(Assert.Single((await Store.GetChangesAsync(tenant, 4)).Preferences).Deleted);
    }

    [Fact]
    public async Task A_tenant_never_reads_changes_or_deletes_another_tenants_rows()
    {
        var t1 = NewTenant();
        var t2 = NewTenant();
        var template = await Store.SaveTemplateAsync(Template(t1));
        var layout = await Store.SaveLayoutAsync(new Layout { Id = Guid.NewGuid(), Tenant = t1, TemplateId = template.Id, Objects = [new(ObjectType.Queue, "Sales")] });
        var tab = await Store.SaveTabAsync(new Tab { Id = Guid.NewGuid(), Tenant = t1, Owner = "ann" });
        await Store.SavePreferencesAsync(new UserPreferences { Tenant = t1, User = "ann" });

        Assert.Null(await Store.GetTemplateAsync(t2, template.Id));
        Assert.Null(await Store.GetLayoutAsync(t2, layout.Id));
        Assert.Null(await Store.GetTabAsync(t2, tab.Id));
        Assert.Null(await Store.GetPreferencesAsync(t2, "ann"));
        Assert.Empty(await Store.GetTemplatesAsync(t2));
        Assert.Empty(await Store.GetLayoutsAsync(t2));
        Assert.Empty(await Store.GetTabsAsync(t2, "ann"));
        Assert.False(await Store.DeleteTemplateAsync(t2, template.Id));
        Assert.False(await Store.DeleteLayoutAsync(t2, layout.Id));
        Assert.False(await Store.DeleteTabAsync(t2, tab.Id));
        Assert.False(await Store.DeletePreferencesAsync(t2, "ann"));
        Assert.Equal(0, await Store.GetUscnAsync(t2));

        // The same id saved by the other tenant is a row of its own.
        var other = await Store.SaveLayoutAsync(layout with { Tenant = t2, Name = "theirs" });
        Assert.Equal(1, other.Uscn);
        Assert.Equal("", (await Store.GetLayoutAsync(t1, layout.Id))?.Name);
        Assert.Equal("theirs", (await Store.GetLayoutAsync(t2, layout.Id))?.Name);
        var changes = await Store.GetChangesAsync(t2, 0);
        Assert.Empty(changes.Templates);
        Assert.Equal(t2, Assert.Single(changes.Layouts).Tenant);
        Assert.Empty(changes.Tabs);
        Assert.Equal(4, (await Store.GetChangesAsync(t1, 0)).Uscn);
    }

    [Fact]
    public async Task Concurrent_writes_take_distinct_uscns_and_readers_following_uscn_miss_none()
    {
        var tenant = NewTenant();
        const int Writers = 8, PerWriter = 15;
        var seen = new Dictionary<Guid, long>();
        long since = 0;
        var writing = Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < PerWriter; i++)
                await Store.SaveLayoutAsync(new Layout { Id = Guid.NewGuid(), Tenant = tenant, TemplateId = Guid.NewGuid() });
        })));
        while (true)
        {
            var done = writing.IsCompleted;
            var changes = await Store.GetChangesAsync(tenant, since);
            foreach (var l in changes.Layouts) Assert.True(seen.TryAdd(l.Id, l.Uscn), "a layout read twice");
            since = changes.Uscn;
            if (done) break;
        }
        await writing;

        Assert.Equal(Writers * PerWriter, seen.Count);
        Assert.Equal(Enumerable.Range(1, Writers * PerWriter).Select(i => (long)i), seen.Values.Order());
    }

    [Fact]
    public async Task Active_only_lists_the_active_layouts()
    {
        var tenant = NewTenant();
        var on = await Store.SaveLayoutAsync(new Layout { Id = Guid.NewGuid(), Tenant = tenant, TemplateId = Guid.NewGuid() });
        await Store.SaveLayoutAsync(new Layout { Id = Guid.NewGuid(), Tenant = tenant, TemplateId = Guid.NewGuid(), Active = false });

        Assert.Equal(2, (await Store.GetLayoutsAsync(tenant)).Count);
        Assert.Equal(on.Id, Assert.Single(await Store.GetLayoutsAsync(tenant, activeOnly: true)).Id);
    }

    [Fact]
    public async Task A_template_with_a_repeated_alias_is_refused()
    {
        var tenant = NewTenant();
        var bad = Template(tenant) with { Statistics = [new("X", "Waiting"), new("X", "Entered")] };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.SaveTemplateAsync(bad));

        Assert.Contains("alias 'X' appears twice", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await Store.GetUscnAsync(tenant));
    }

    [Fact]
    public async Task A_formula_statistic_round_trips_and_one_with_a_statistic_type_too_or_neither_is_refused()
    {
        var tenant = NewTenant();
        var formula = new TemplateStatistic("Pct", "") { DisplayFormat = ValueFormat.Percent, Formula = "Result = G.Percent(Data.SL.Value, 100);" };
        var saved = await Store.SaveTemplateAsync(Template(tenant) with { Statistics = [.. Template(tenant).Statistics, formula] });

        var both = await Assert.ThrowsAsync<ArgumentException>(() => Store.SaveTemplateAsync(Template(tenant) with { Statistics = [formula with { StatisticType = "Waiting" }] }));
        var neither = await Assert.ThrowsAsync<ArgumentException>(() => Store.SaveTemplateAsync(Template(tenant) with { Statistics = [new("W", "")] }));

        Assert.Equal(formula, (await Store.GetTemplateAsync(tenant, saved.Id))!.Statistics[2]);
        Assert.Contains("either a StatisticType name or a Formula", both.Message, StringComparison.Ordinal);
        Assert.Contains("either a StatisticType name or a Formula", neither.Message, StringComparison.Ordinal);
        Assert.Equal(1, await Store.GetUscnAsync(tenant));
    }

    [Fact]
    public async Task A_statistic_definition_round_trips_and_one_not_valid_or_misnamed_is_refused()
    {
        var tenant = NewTenant();
        var definition = new StatisticDefinition
        {
            Category = "TotalNumberInTimeRange", MainMask = "CallAnswered", TimeRange = "0-10", TimeProfile = "Sliding(00:30:00, 00:05:00)",
            Filter = "Media(Voice) && PairExists(\"Language\",\"Spanish\")", Notification = "TimeBased(2)",
        };
        var defined = new TemplateStatistic("Fast", definition.NameFor(ObjectType.Queue)) { Definition = definition, DisplayFormat = ValueFormat.Integer };
        var saved = await Store.SaveTemplateAsync(Template(tenant) with { Statistics = [.. Template(tenant).Statistics, defined] });

        var invalid = await Assert.ThrowsAsync<ArgumentException>(() => Store.SaveTemplateAsync(Template(tenant) with
        {
            Statistics = [defined with { Definition = definition with { TimeRange = null } }],
        }));
        var misnamed = await Assert.ThrowsAsync<ArgumentException>(() => Store.SaveTemplateAsync(Template(tenant) with { Statistics = [defined with { StatisticType = "Answered" }] }));

        Assert.Equal(defined, (await Store.GetTemplateAsync(tenant, saved.Id))!.Statistics[2]);
        Assert.Contains("alias 'Fast': Definition: category TotalNumberInTimeRange needs a Range", invalid.Message, StringComparison.Ordinal);
        Assert.Contains("StatisticType must be the Definition's name", misnamed.Message, StringComparison.Ordinal);
        Assert.Equal(1, await Store.GetUscnAsync(tenant));
    }
}
