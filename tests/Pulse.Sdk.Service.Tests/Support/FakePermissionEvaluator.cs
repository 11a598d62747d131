using System.Collections.Concurrent;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Service.Tests.Support;

/// <summary>Permissions the test sets per user; the ladder expanded here as the permissions role would.</summary>
internal sealed class FakePermissionEvaluator : IPermissionEvaluator
{
    private readonly ConcurrentDictionary<(string, string), UserPermissions> _users = new();

    public ValueTask<UserPermissions?> GetAsync(string tenant, string user, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_users.TryGetValue((tenant, user), out var p) ? p : null);

    public void Set(string tenant, string user, PulsePrivilege top, IEnumerable<(ObjectType, string)>? objects = null, bool all = false,
        int maxTabs = int.MaxValue, int maxWidgets = int.MaxValue, params PulsePrivilege[] extra)
    {
        var privileges = new HashSet<PulsePrivilege>(extra);
        foreach (var p in Enum.GetValues<PulsePrivilege>())
            if ((int)p <= (int)top && (int)p < 100) privileges.Add(p);
        _users[(tenant, user)] = new UserPermissions
        {
            Tenant = tenant, User = user, Privileges = privileges, AllObjects = all,
            Objects = new HashSet<(ObjectType, string)>(objects ?? []), MaxTabs = maxTabs, MaxWidgets = maxWidgets,
        };
    }

    public void Remove(string tenant, string user) => _users.TryRemove((tenant, user), out _);
}
