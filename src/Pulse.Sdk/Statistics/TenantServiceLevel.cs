namespace Pulse.Sdk.Statistics;

/// <summary>
/// The ICMI service level 1 of a whole tenant, which the standard catalogue has no statistic for (a tenant has no
/// threshold of its own): (answered + abandoned within threshold) / (answered + abandoned) over the tenant's ACD
/// queues, each call judged by its own queue's threshold, in percent.
/// </summary>
/// <remarks>
/// Computed from the queues' <see cref="StandardCatalogue.AnsweredWithinThreshold"/>,
/// <see cref="StandardCatalogue.AbandonedWithinThreshold"/>, <see cref="StandardCatalogue.Answered"/> and
/// <see cref="StandardCatalogue.Abandoned"/> (opened with the standard catalogue). Virtual queues are left out, so a
/// call routed through one counts once. With no call ended it is 0, as the catalogue's ratios are.
/// </remarks>
public static class TenantServiceLevel
{
    /// <summary>The tenant's service level 1 in percent (0 to 100) from values of its ACD queues; other values are ignored.</summary>
    /// <param name="values">Current values (a unit's snapshot, for example); a missing value counts as 0.</param>
    /// <param name="tenant">The tenant id.</param>
    /// <returns>The service level in percent; 0 when no call has ended.</returns>
    public static double ServiceLevel1(IEnumerable<StatisticUpdate> values, string tenant)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(tenant);
        double within = 0, ended = 0;
        foreach (var u in values)
        {
            var o = u.Statistic.Object;
            if (o.Type != ObjectType.Queue || !string.Equals(o.Tenant, tenant, StringComparison.Ordinal)) continue;
            var name = u.Statistic.Type.Name;
            if (name == StandardCatalogue.AnsweredWithinThreshold.Name || name == StandardCatalogue.AbandonedWithinThreshold.Name) within += u.Value.Number;
            else if (name == StandardCatalogue.Answered.Name || name == StandardCatalogue.Abandoned.Name) ended += u.Value.Number;
        }
        return ServiceLevel1(within, ended);
    }

    /// <summary>The service level in percent from its two sums.</summary>
    /// <param name="endedWithinThreshold">Calls answered or abandoned within their queue's threshold.</param>
    /// <param name="ended">Calls answered or abandoned.</param>
    /// <returns><c>100 × endedWithinThreshold / ended</c>; 0 when <paramref name="ended"/> is 0.</returns>
    public static double ServiceLevel1(double endedWithinThreshold, double ended) => ended == 0 ? 0 : 100 * endedWithinThreshold / ended;
}
