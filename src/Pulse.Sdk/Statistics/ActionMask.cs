namespace Pulse.Sdk.Statistics;

/// <summary>
/// A set of <see cref="StatAction"/>s. Parsed from text such as <c>CallInbound, CallOutbound</c>,
/// <c>Call*</c> (every action starting with <c>Call</c>), <c>*</c> (all) or <c>*, ~LoggedOut</c>
/// (all but LoggedOut); a mask that starts with an exclusion starts from all actions.
/// </summary>
public readonly record struct ActionMask(ulong Bits)
{
    private static readonly StatAction[] AllActions = Enum.GetValues<StatAction>();

    /// <summary>The empty mask.</summary>
    public static ActionMask None => default;

    /// <summary>Every action.</summary>
    public static ActionMask All
    {
        get
        {
            ulong bits = 0;
            foreach (var a in AllActions) bits |= 1UL << (int)a;
            return new ActionMask(bits);
        }
    }

    /// <summary>A mask of the given actions.</summary>
    public static ActionMask Of(params ReadOnlySpan<StatAction> actions)
    {
        ulong bits = 0;
        foreach (var a in actions) bits |= 1UL << (int)a;
        return new ActionMask(bits);
    }

    /// <summary>Whether <paramref name="action"/> is in the mask.</summary>
    public bool Contains(StatAction action) => (Bits & (1UL << (int)action)) != 0;

    /// <summary>Whether the mask is empty.</summary>
    public bool IsEmpty => Bits == 0;

    /// <summary>Parses a mask; throws <see cref="FormatException"/> naming the unknown term.</summary>
    public static ActionMask Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var terms = text.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries);
        if (terms.Length == 0) throw new FormatException("action mask is empty: name at least one action, or '*'");
        ulong bits = terms[0].StartsWith('~') ? All.Bits : 0;
        foreach (var raw in terms)
        {
            var exclude = raw.StartsWith('~');
            var name = exclude ? raw[1..] : raw;
            var matched = Match(name);
            if (matched == 0)
                throw new FormatException($"action mask term '{raw}' matches no action; known actions: {string.Join(", ", AllActions)}");
            bits = exclude ? bits & ~matched : bits | matched;
        }
        return new ActionMask(bits);
    }

    private static ulong Match(string pattern)
    {
        ulong bits = 0;
        var star = pattern.IndexOf('*');
        foreach (var a in AllActions)
        {
            var name = a.ToString();
            var ok = star < 0
                ? string.Equals(name, pattern, StringComparison.OrdinalIgnoreCase)
                : name.StartsWith(pattern[..star], StringComparison.OrdinalIgnoreCase)
                  && name.EndsWith(pattern[(star + 1)..], StringComparison.OrdinalIgnoreCase)
                  && name.Length >= pattern.Length - 1;
            if (ok) bits |= 1UL << (int)a;
        }
        return bits;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        if (Bits == 0) return "";
        var names = new List<string>();
        foreach (var a in AllActions) if (Contains(a)) names.Add(a.ToString());
        return string.Join(", ", names);
    }
}
