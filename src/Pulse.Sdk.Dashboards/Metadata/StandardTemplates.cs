using System.Security.Cryptography;
using System.Text;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Metadata;

/// <summary>
/// The out-of-the-box widget templates of a tenant, built from <see cref="StandardCatalogue"/>: one per
/// standard set, each statistic with its catalogue name as alias, its description, and its
/// <see cref="StatisticType.Format"/> as display format (a state with its icon and media); then, where Pulse's templates compute a share with a formula
/// and the catalogue has no statistic for it, <see cref="TemplateStatistic.Formula"/> statistics over those aliases
/// (docs/formulas.md, "Templates in the web service").
/// </summary>
public static class StandardTemplates
{
    /// <summary>The names, in installation order.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["Agent KPIs", "Agent Group Status", "Queue KPIs", "Virtual Queue KPIs", "Interaction Queue KPIs", "Tenant Summary"];

    /// <summary>The templates for <paramref name="tenant"/>; their ids depend only on the tenant and the name (<see cref="IdFor"/>).</summary>
    /// <param name="tenant">The tenant.</param>
    public static IReadOnlyList<WidgetTemplate> For(string tenant)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        return
        [
            Build(tenant, "Agent KPIs", WidgetType.Grid, ObjectType.Agent, StandardCatalogue.Agent, "Per agent: current state, times in each state, handled calls, AHT, occupancy."),
            Build(tenant, "Agent Group Status", WidgetType.Grid, ObjectType.GroupAgents, StandardCatalogue.AgentGroup, "Per agent group: agents logged in, ready, not ready, talking, in after-call work; handled, AHT, occupancy; shares of logged-in agents ready and not ready.",
                ReadyShare, NotReadyShare),
            Build(tenant, "Queue KPIs", WidgetType.Grid, ObjectType.Queue, StandardCatalogue.Queue, "Per queue: calls waiting, longest wait, entered, answered, abandoned, service levels, ASA, AHT, percentiles."),
            Build(tenant, "Virtual Queue KPIs", WidgetType.Grid, ObjectType.VirtualQueue, StandardCatalogue.VirtualQueue, "Per virtual queue: calls waiting, longest wait, entered, answered, abandoned, service levels, ASA."),
            Build(tenant, "Interaction Queue KPIs", WidgetType.Grid, ObjectType.StagingArea, StandardCatalogue.InteractionQueue, "Per interaction queue: interactions waiting (all, chat, e-mail), entered, distributed, cleared, longest wait."),
            Build(tenant, "Tenant Summary", WidgetType.Kpi, ObjectType.Tenant, StandardCatalogue.Tenant, "The tenant's totals: calls, service level, abandoned share, agents by state, interactions.",
                AbandonedShare, ReadyShare),
        ];
    }

    /// <summary>The id of the out-of-the-box template <paramref name="name"/> of <paramref name="tenant"/> (a name-based, version 5 style UUID).</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="name">The template name.</param>
    public static Guid IdFor(string tenant, string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"pulse-ootb-template\n{tenant}\n{name}"));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    // Shares Pulse's templates compute with formulas; the catalogue's own ratios (service levels, AbandonRate, AHT,
    // Occupancy) stay statistics of the engine, which the live push updates at every change.
    private static readonly TemplateStatistic ReadyShare = Formula("ReadyPct", "% Ready",
        "Result = G.Percent(Data.AgentsReady.Value, Data.AgentsLoggedIn.Value);", "Agents ready as a share of agents logged in; 0 when nobody is logged in.");
    private static readonly TemplateStatistic NotReadyShare = Formula("NotReadyPct", "% Not ready",
        "Result = G.Percent(Data.AgentsNotReady.Value, Data.AgentsLoggedIn.Value);", "Agents not ready as a share of agents logged in; 0 when nobody is logged in.");
    private static readonly TemplateStatistic AbandonedShare = Formula("AbandonedPct", "% Abandoned",
        "Result = G.Percent(Data.Abandoned.Value, Data.Entered.Value);", "Abandoned calls as a share of calls entered, short abandons included; 0 before the first call.");

    private static readonly StatusDisplay AgentStatus = new() { ShowIcon = true, ShowMedia = true };

    private static TemplateStatistic Formula(string alias, string displayAlias, string formula, string description) =>
        new(alias, "") { DisplayAlias = displayAlias, Description = description, DisplayFormat = ValueFormat.Percent, Formula = formula };

    private static WidgetTemplate Build(string tenant, string name, WidgetType widget, ObjectType objectType, IReadOnlyList<StatisticType> set, string description,
        params TemplateStatistic[] formulas) => new()
    {
        Id = IdFor(tenant, name),
        Tenant = tenant,
        Name = name,
        WidgetType = widget,
        ObjectType = objectType,
        Description = description,
        Statistics = set.Select(t => new TemplateStatistic(t.Name, t.Name)
        {
            DisplayAlias = t.Name,
            Description = t.Description,
            DisplayFormat = t.Format,
            // Agent states show as Pulse 9's Status format does by default for an agent's current status: icon, state and
            // reason, media, time in the state.
            StatusDisplay = t.Format == ValueFormat.Status ? AgentStatus : null,
        }).Concat(formulas).ToArray(),
    };
}
