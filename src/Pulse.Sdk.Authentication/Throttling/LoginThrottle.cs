using System.Net;
using System.Net.Sockets;

namespace Pulse.Sdk.Authentication.Throttling;

/// <summary>
/// Counts password attempts by user name and by client address (<see cref="LoginThrottleOptions"/>) on the injected
/// clock. <see cref="Begin"/> decides before the password is hashed; the attempt then reports how it ended. Unknown
/// user names are counted like known ones, so a lock does not tell which names exist. Records are forgotten once
/// they hold nothing (checked at most once a minute), so memory follows the recent failures, not every name ever tried.
/// </summary>
internal sealed class LoginThrottle
{
    /// <summary>The key of the throttle of <c>POST /auth/token</c> (a keyed service).</summary>
    public const string TokenEndpoint = "token";

    /// <summary>The key of the throttle of <c>POST /api/session/login</c>.</summary>
    public const string SessionEndpoint = "session";

    private static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(1);
    // Attempts in flight that could lock the user are waited out rather than raced.
    private static readonly TimeSpan InFlightRetry = TimeSpan.FromSeconds(1);
    private readonly LoginThrottleOptions _options;
    private readonly TimeProvider _time;
    private readonly HashSet<IPAddress> _unlimited;
    private readonly TimeSpan _perAddressToken;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, UserRecord> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AddressRecord> _addresses = new(StringComparer.Ordinal);
    private DateTimeOffset _nextPrune;

    public LoginThrottle(LoginThrottleOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _unlimited = [.. options.UnlimitedAddresses.Select(Normalize)];
        _perAddressToken = options.AddressWindow / options.MaxFailuresPerAddress;
        _nextPrune = time.GetUtcNow() + PruneInterval;
    }

    /// <summary>Records tracked now (user names, addresses), for tests of the pruning.</summary>
    internal (int Users, int Addresses) Count()
    {
        lock (_gate) return (_users.Count, _addresses.Count);
    }

    /// <summary>An attempt for <paramref name="userName"/> from <paramref name="address"/>: refused (<see cref="LoginAttempt.Refusal"/>) or admitted, to be ended by the caller.</summary>
    /// <param name="userName">The user name tried.</param>
    /// <param name="address">The client's address.</param>
    /// <param name="addressExempt">No per-address limit for this attempt (a login forwarded by a Pulse replica that proved it with its secret).</param>
    public LoginAttempt Begin(string userName, IPAddress? address, bool addressExempt = false)
    {
        var now = _time.GetUtcNow();
        var addressKey = addressExempt || (address is not null && _unlimited.Contains(Normalize(address))) ? null : Key(address);
        lock (_gate)
        {
            if (now >= _nextPrune) Prune(now);
            _users.TryGetValue(userName, out var user);
            if (user is not null && user.LockedUntil > now) return LoginAttempt.Refused(LoginRefusal.UserLocked(user.LockedUntil - now));
            if (user is not null && user.Failures + user.Pending >= _options.MaxFailuresPerUser) return LoginAttempt.Refused(LoginRefusal.UserLocked(InFlightRetry));
            if (addressKey is not null)
            {
                var a = Refilled(addressKey, now);
                if (a.Tokens < 1) return LoginAttempt.Refused(LoginRefusal.AddressLimit(_perAddressToken * (1 - a.Tokens)));
                // Taken now, given back on success: attempts in flight count against the address.
                a.Tokens -= 1;
            }
            if (user is null) _users[userName] = user = new UserRecord();
            user.Pending++;
            return new LoginAttempt(this, userName, addressKey);
        }
    }

    internal void End(string userName, string? addressKey, bool? succeeded)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (_users.TryGetValue(userName, out var user))
            {
                user.Pending--;
                if (succeeded == true) user.Failures = 0;
                else if (succeeded == false)
                {
                    user.LastFailure = now;
                    if (++user.Failures >= _options.MaxFailuresPerUser)
                    {
                        user.Failures = 0;
                        user.Locks++;
                        user.LockedUntil = now + LockDuration(user.Locks);
                    }
                }
            }
            // A success, or an attempt that never reached the password, does not use the address's budget.
            if (succeeded != false && addressKey is not null && _addresses.ContainsKey(addressKey))
            {
                var a = Refilled(addressKey, now);
                a.Tokens = Math.Min(_options.MaxFailuresPerAddress, a.Tokens + 1);
            }
        }
    }

    private TimeSpan LockDuration(int locks)
    {
        var ticks = _options.Lockout.Ticks * Math.Pow(2, Math.Min(locks - 1, 40));
        return ticks >= _options.MaxLockout.Ticks ? _options.MaxLockout : TimeSpan.FromTicks((long)ticks);
    }

    private AddressRecord Refilled(string key, DateTimeOffset now)
    {
        if (!_addresses.TryGetValue(key, out var a))
        {
            _addresses[key] = a = new AddressRecord { Tokens = _options.MaxFailuresPerAddress, Updated = now };
            return a;
        }
        if (now > a.Updated)
        {
            a.Tokens = Math.Min(_options.MaxFailuresPerAddress, a.Tokens + (now - a.Updated) / _perAddressToken);
            a.Updated = now;
        }
        return a;
    }

    private void Prune(DateTimeOffset now)
    {
        _nextPrune = now + PruneInterval;
        foreach (var (name, u) in _users)
            if (u.Pending == 0 && u.LockedUntil <= now && now - u.LastFailure >= _options.MaxLockout)
                _users.Remove(name);
        foreach (var key in _addresses.Keys.ToList())
            if (Refilled(key, now).Tokens >= _options.MaxFailuresPerAddress) _addresses.Remove(key);
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    // An IPv6 client usually holds a whole /64: limit the prefix, not each address in it.
    private static string Key(IPAddress? address)
    {
        if (address is null) return "unknown";
        address = Normalize(address);
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private sealed class UserRecord
    {
        public int Failures;
        public int Pending;
        public int Locks;
        public DateTimeOffset LockedUntil;
        public DateTimeOffset LastFailure = DateTimeOffset.MinValue;
    }

    private sealed class AddressRecord
    {
        public double Tokens;
        public DateTimeOffset Updated;
    }
}

/// <summary>An attempt admitted by <see cref="LoginThrottle.Begin"/> (end it with <see cref="Succeeded"/> or <see cref="Failed"/>; disposing an unended one forgets it), or a refusal.</summary>
internal sealed class LoginAttempt : IDisposable
{
    private readonly LoginThrottle? _throttle;
    private readonly string _user = "";
    private readonly string? _address;
    private bool _ended;

    internal LoginAttempt(LoginThrottle throttle, string user, string? address)
    {
        _throttle = throttle;
        _user = user;
        _address = address;
    }

    private LoginAttempt(LoginRefusal refusal)
    {
        Refusal = refusal;
        _ended = true;
    }

    /// <summary>Why the attempt is refused; null when admitted.</summary>
    public LoginRefusal? Refusal { get; }

    internal static LoginAttempt Refused(LoginRefusal refusal) => new(refusal);

    public void Succeeded() => End(true);

    public void Failed() => End(false);

    public void Dispose() => End(null);

    private void End(bool? succeeded)
    {
        if (_ended) return;
        _ended = true;
        _throttle!.End(_user, _address, succeeded);
    }
}
