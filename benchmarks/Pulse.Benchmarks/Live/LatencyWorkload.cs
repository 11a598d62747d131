using Pulse.Sdk.Configuration;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Statistics;

namespace Pulse.Benchmarks.Live;

/// <summary>
/// The contact center of the latency harness: one tenant with <see cref="LatencySettings.Queues"/> ACD queues and a marker
/// queue, a viewer who sees everything, a queue template of five statistics, and <see cref="LatencySettings.Layouts"/>
/// layouts of <see cref="LatencySettings.QueuesPerLayout"/> queues each, every one showing the marker queue too.
/// </summary>
public sealed class LatencyWorkload
{
    public const string Tenant = "t1";
    public const string Viewer = "viewer";
    public const string MarkerQueue = "marker";
    public const string MarkerDn = "6000";

    /// <summary>The marker statistic: every marker call entering the marker queue adds one to it.</summary>
    public static readonly string MarkerStatistic = StandardCatalogue.Entered.Name;

    public LatencyWorkload(LatencySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        QueueDns = Enumerable.Range(0, settings.Queues).Select(i => (7000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var queues = Enumerable.Range(0, settings.Queues).Select(i => new QueueConfig { Id = QueueId(i), Name = $"Queue {i}", Dn = QueueDns[i] }).ToList();
        queues.Add(new QueueConfig { Id = MarkerQueue, Name = "Marker", Dn = MarkerDn });
        Configuration = new PulseConfiguration
        {
            Tenants =
            [
                new TenantConfig
                {
                    Id = Tenant,
                    Queues = queues,
                    Users = [new UserConfig { Id = Viewer, Name = "Viewer", Privileges = ["ViewDashboard"], Access = new ObjectAccess { All = true } }],
                },
            ],
        };
    }

    public LatencySettings Settings { get; }

    public PulseConfiguration Configuration { get; }

    /// <summary>The DN of queue i (the generator's events name queues by DN).</summary>
    public IReadOnlyList<string> QueueDns { get; }

    public static string QueueId(int i) => "q" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The statistics of the queue template every layout shows.</summary>
    public static IReadOnlyList<TemplateStatistic> TemplateStatistics { get; } =
    [
        new("Entered", StandardCatalogue.Entered.Name) { DisplayFormat = ValueFormat.Integer },
        new("Waiting", StandardCatalogue.Waiting.Name) { DisplayFormat = ValueFormat.Integer },
        new("LongestWait", StandardCatalogue.LongestWait.Name) { DisplayFormat = ValueFormat.Time },
        new("Abandoned", StandardCatalogue.Abandoned.Name) { DisplayFormat = ValueFormat.Integer },
        new("Distributed", StandardCatalogue.Distributed.Name) { DisplayFormat = ValueFormat.Integer },
    ];

    /// <summary>The objects of layout <paramref name="j"/>: consecutive slices of the queues, wrapping (with 100 layouts of 10 over 500 queues every queue is in two layouts), and the marker queue.</summary>
    public List<LayoutObject> LayoutObjects(int j) => Enumerable.Range(0, Settings.QueuesPerLayout)
        .Select(i => new LayoutObject(ObjectType.Queue, QueueId((j * Settings.QueuesPerLayout + i) % Settings.Queues)))
        .Append(new LayoutObject(ObjectType.Queue, MarkerQueue)).ToList();

    /// <summary>Saves the template and the layouts; returns the layout ids.</summary>
    public async Task<Guid[]> SaveLayoutsAsync(IMetadataStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var template = await store.SaveTemplateAsync(new WidgetTemplate
        {
            Id = Guid.NewGuid(), Tenant = Tenant, Name = "Queue KPIs", WidgetType = WidgetType.Grid, ObjectType = ObjectType.Queue,
            Statistics = [.. TemplateStatistics],
        }).ConfigureAwait(false);
        var ids = new Guid[Settings.Layouts];
        for (var j = 0; j < ids.Length; j++)
        {
            var objects = LayoutObjects(j);
            var layout = await store.SaveLayoutAsync(new Layout
            {
                Id = Guid.NewGuid(), Tenant = Tenant, TemplateId = template.Id, Name = $"Layout {j}", Owner = Viewer, Objects = objects,
            }).ConfigureAwait(false);
            ids[j] = layout.Id;
        }
        return ids;
    }
}
