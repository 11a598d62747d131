using Pulse.Sdk.Metadata;
using Pulse.Sdk.Postgres.Metadata;
using Pulse.Sdk.Postgres.Tests.Support;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Postgres.Tests.Metadata;

public sealed class PulseMetadataStoreTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private readonly PulseMetadataStore _store = new(database.DataSource);

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
        Assert.Equal(0, await _store.GetUscnAsync(tenant));
        var template = Template(tenant);

        var first = await _store.SaveTemplateAsync(template);
        var second = await _store.SaveTemplateAsync(template with { Name = "Renamed", UserEdited = true });

        Assert.Equal(1, first.Uscn);
        Assert.Equal(2, second.Uscn);
        Assert.Equal(2, await _store.GetUscnAsync(tenant));
        var read = await _store.GetTemplateAsync(tenant, template.Id);
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
        var a = await _store.SaveTemplateAsync(Template(tenant, "A"));                 // 1
        var b = await _store.SaveTemplateAsync(Template(tenant, "B"));                 // 2
        var layout = await _store.SaveLayoutAsync(new Layout                            // 3
        {
            Id = Guid.NewGuid(), Tenant = tenant, TemplateId = b.Id, Name = "wall", Objects = [new(ObjectType.Queue, "Sales")],
            Options = new Dictionary<string, string> { ["refresh"] = "10" },
        });
        var tab = await _store.SaveTabAsync(new Tab { Id = Guid.NewGuid(), Tenant = tenant, Owner = "ann", Name = "Main", LayoutIds = [layout.Id] }); // 4
        var prefs = await _store.SavePreferencesAsync(new UserPreferences { Tenant = tenant, User = "ann", Values = new Dictionary<string, string> { ["theme"] = "dark" } }); // 5
        Assert.True(await _store.DeleteTemplateAsync(tenant, a.Id));                    // 6
        Assert.False(await _store.DeleteTemplateAsync(tenant, a.Id));                   // already deleted: no write

        var all = await _store.GetChangesAsync(tenant, 0);
        Assert.Equal(6, all.Uscn);
        Assert.Equal([b.Id, a.Id], all.Templates.Select(t => t.Id));
        Assert.True(all.Templates[1].Deleted);
        Assert.Equal(6, all.Templates[1].Uscn);
        Assert.Equal(layout.Id, Assert.Single(all.Layouts).Id);
        Assert.Equal("10", all.Layouts[0].Options["refresh"]);
        Assert.Equal([layout.Id], Assert.Single(all.Tabs).LayoutIds);
        Assert.Equal("dark", Assert.Single(all.Preferences).Values["theme"]);

        var since4 = await _store.GetChangesAsync(tenant, tab.Uscn);
        Assert.Equal(6, since4.Uscn);
        Assert.Equal(a.Id, Assert.Single(since4.Templates).Id);
        Assert.True(since4.Templates[0].Deleted);
        Assert.Empty(since4.Layouts);
        Assert.Empty(since4.Tabs);
        Assert.Equal(prefs.Uscn, Assert.Single(since4.Preferences).Uscn);

        var none = await _store.GetChangesAsync(tenant, since4.Uscn);
        Assert.Equal(6, none.Uscn);
        Assert.Empty(none.Templates);
        Assert.Empty(none.Layouts);
        Assert.Empty(none.Tabs);
        Assert.Empty(none.Preferences);

        Assert.Null(await _store.GetTemplateAsync(tenant, a.Id));
        Assert.Equal(["B"], (await _store.GetTemplatesAsync(tenant)).Select(t => t.Name));
    }

    [Fact]
    public async Task Deleting_and_saving_again_brings_a_row_back()
    {
        var tenant = NewTenant();
        var tab = await _store.SaveTabAsync(new Tab { Id = Guid.NewGuid(), Tenant = tenant, Owner = "bob" });
        Assert.True(await _store.DeleteTabAsync(tenant, tab.Id));
        Assert.Null(await _store.GetTabAsync(tenant, tab.Id));
        Assert.Empty(await _store.GetTabsAsync(tenant, "bob"));

        var back = await _store.SaveTabAsync(tab with { Name = "again" });

        Assert.Equal(3, back.Uscn);
        Assert.Equal("again", (await _store.GetTabAsync(tenant, tab.Id))?.Name);
        Assert.False(Assert.Single((await _store.GetChangesAsync(tenant, 2)).Tabs).Deleted);

        await _store.SavePreferencesAsync(new UserPreferences { Tenant = tenant, User = "bob" });
        Assert.True(await _store.DeletePreferencesAsync(tenant, "bob"));
        Assert.Null(await _store.GetPreferencesAsync(tenant, "bob"));
        Assert.True(Assert.Single((await _store.GetChangesAsync(tenant, 4)).Preferences).Deleted);
    }

    [Fact]
    public async Task A_tenant_never_reads_changes_or_deletes_another_tenants_rows()
    {
        var t1 = NewTenant();
        var t2 = NewTenant();
        var template = await _store.SaveTemplateAsync(Template(t1));
        var layout = await _store.SaveLayoutAsync(new Layout { Id = Guid.NewGuid(), Tenant = t1, TemplateId = template.Id, Objects = [new(ObjectType.Queue, "Sales")] });
        var tab = await _store.SaveTabAsync(new Tab { Id = Guid.NewGuid(), Tenant = t1, Owner = "ann" });
        await _store.SavePreferencesAsync(new UserPreferences { Tenant = t1, User = "ann" });

        Assert.Null(await _store.GetTemplateAsync(t2, template.Id));
        Assert.Null(await _store.GetLayoutAsync(t2, layout.Id));
        Assert.Null(await _store.GetTabAsync(t2, tab.Id));
        Assert.Null(await _store.GetPreferencesAsync(t2, "ann"));
        Assert.Empty(await _store.GetTemplatesAsync(t2));
        Assert.Empty(await _store.GetLayoutsAsync(t2));
        Assert.Empty(await _store.GetTabsAsync(t2, "ann"));
        Assert.False(await _store.DeleteTemplateAsync(t2, template.Id));
        Assert.False(await _store.DeleteLayoutAsync(t2, layout.Id));
        Assert.False(await _store.DeleteTabAsync(t2, tab.Id));
        Assert.False(await _store.DeletePreferencesAsync(t2, "ann"));
        Assert.Equal(0, await _store.GetUscnAsync(t2));

        // The same id saved by the other tenant is a row of its own.
        var other = await _store.SaveLayoutAsync(layout with { Tenant = t2, Name = "theirs" });
        Assert.Equal(1, other.Uscn);
        Assert.Equal("", (await _store.GetLayoutAsync(t1, layout.Id))?.Name);
        Assert.Equal("theirs", (await _store.GetLayoutAsync(t2, layout.Id))?.Name);
        var changes = await _store.GetChangesAsync(t2, 0);
        Assert.Empty(changes.Templates);
        Assert.Equal(t2, Assert.Single(changes.Layouts).Tenant);
        Assert.Empty(changes.Tabs);
        Assert.Equal(4, (await _store.GetChangesAsync(t1, 0)).Uscn);
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
                await _store.SaveLayoutAsync(new Layout { Id = Guid.NewGuid(), Tenant = tenant, TemplateId = Guid.NewGuid() });
        })));
        while (true)
        {
            var done = writing.IsCompleted;
            var changes = await _store.GetChangesAsync(tenant, since);
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
        var on = await _store.SaveLayoutAsync(new Layout { Id = Guid.NewGuid(), Tenant = tenant, TemplateId = Guid.NewGuid() });
        await _store.SaveLayoutAsync(new Layout { Id = Guid.NewGuid(), Tenant = tenant, TemplateId = Guid.NewGuid(), Active = false });

        Assert.Equal(2, (await _store.GetLayoutsAsync(tenant)).Count);
        Assert.Equal(on.Id, Assert.Single(await _store.GetLayoutsAsync(tenant, activeOnly: true)).Id);
    }

    [Fact]
    public async Task A_template_with_a_repeated_alias_is_refused()
    {
        var tenant = NewTenant();
        var bad = Template(tenant) with { Statistics = [new("X", "Waiting"), new("X", "Entered")] };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _store.SaveTemplateAsync(bad));

        Assert.Contains("alias 'X' appears twice", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await _store.GetUscnAsync(tenant));
    }
}
