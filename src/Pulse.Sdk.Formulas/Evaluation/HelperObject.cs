using System.Globalization;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;
using JsEngine = Jint.Engine;

namespace Pulse.Sdk.Formulas;

/// <summary>
/// The helper object <c>G</c> of docs/formulas.md, "The helper object G": native functions of the sandbox, like
/// <c>Math</c>'s. Written in C# because a call to an interpreted JavaScript function costs Jint several times a
/// native one (docs/benchmarks.md, "Formula statistics"); they reach nothing but their arguments.
/// </summary>
internal static class HelperObject
{
    private delegate JsValue Helper(JsValue[] args);

    private static readonly JsString VoiceName = new("Voice");

    private static readonly (string Name, int Length, Helper Body)[] Functions =
    [
        // --- numbers ---
        ("Div", 2, a => Div(Num(At(a, 0)), Num(At(a, 1)), At(a, 2))),
        ("Percent", 2, a => Div(100 * Num(At(a, 0)), Num(At(a, 1)), At(a, 2))),
        ("GetSL", 2, a =>
        {
            double good = Num(At(a, 0)), bad = Num(At(a, 1));
            return Div(100 * good, good + bad, JsValue.Undefined);
        }),
        ("Round", 1, a =>
        {
            var v = Num(At(a, 0));
            var d = At(a, 1).IsUndefined() ? 0 : Math.Clamp(Math.Floor(Num(At(a, 1))), 0, 15);
            var f = Math.Pow(10, d);
            return JsNumber.Create(Math.Sign(v) * Math.Floor(Math.Abs(v) * f + 0.5) / f);
        }),
        ("Sum", 0, a =>
        {
            var s = 0.0;
            foreach (var x in a) s += Num(x);
            return JsNumber.Create(s);
        }),
        ("Num", 1, a => JsNumber.Create(Num(At(a, 0)))),

        // --- durations ---
        ("FormatTime", 1, a => new JsString(FormatTime(Num(At(a, 0))))),
        ("Minutes", 1, a => JsNumber.Create(Num(At(a, 0)) / 60)),
        ("Hours", 1, a => JsNumber.Create(Num(At(a, 0)) / 3600)),

        // --- agent state ---
        ("IsState", 1, a => Bool(Status(At(a, 0)) is not null)),
        ("GetStatus", 1, a => new JsString(StatusFor(At(a, 0), At(a, 1)))),
        ("GetAgentVoiceStatus", 1, a => new JsString(StatusFor(At(a, 0), VoiceName))),
        ("GetAgentNonVoiceStatus", 2, a => new JsString(StatusFor(At(a, 0), At(a, 1)))),
        ("GetStatusDuration", 1, a => JsNumber.Create(Status(At(a, 0)) is null ? 0 : Num(((ObjectInstance)At(a, 0)).Get("duration")))),
        ("GetMedia", 1, a => new JsString(Text(At(a, 0), "media"))),
        ("IsLoggedIn", 1, a => Bool(Status(At(a, 0)) is { Length: > 0 } s && s != "LoggedOut")),
        ("IsReady", 1, a => Bool(Status(At(a, 0)) == "WaitForNextCall")),
        ("IsNotReady", 1, a => Bool(Status(At(a, 0)) == "NotReadyForNextCall")),
        ("IsAfterCallWork", 1, a => Bool(Status(At(a, 0)) == "AfterCallWork")),
        ("IsTalking", 1, a => Bool(Status(At(a, 0)) is "CallInbound" or "CallOutbound" or "CallInternal" or "CallConsult" or "CallUnknown" or "CallOnHold")),
        ("FormatStatus", 1, a => new JsString(FormatStatus(At(a, 0), At(a, 1)))),

        // --- reasons and attached data ---
        ("GetReason", 1, a => new JsString(Text(At(a, 0), "reason"))),
        ("GetReasonCodes", 1, a => new JsString(Text(At(a, 0), "reason"))),
        ("HasReason", 2, a => Bool(Text(At(a, 0), "reason") is { Length: > 0 } r && string.Equals(r, TypeConverter.ToString(At(a, 1)), StringComparison.OrdinalIgnoreCase))),
        ("GetUserData", 2, a => UserData(At(a, 0), At(a, 1)) is { } v ? v : JsString.Empty),
        ("HasUserData", 2, a =>
        {
            var v = UserData(At(a, 0), At(a, 1));
            return Bool(v is not null && (At(a, 2).IsUndefined() || (v.IsString() && v.AsString() == TypeConverter.ToString(At(a, 2)))));
        }),
    ];

    /// <summary>Defines <c>G</c> on <paramref name="engine"/>'s global object, frozen: a formula can neither replace it nor change its functions.</summary>
    public static void Install(JsEngine engine)
    {
        var g = new JsObject(engine);
        foreach (var (name, length, body) in Functions)
            g.DefineOwnProperty(name, new PropertyDescriptor(new ClrFunction(engine, name, (_, args) => body(args), length), PropertyFlag.Enumerable));
        g.PreventExtensions();
        engine.Global.DefineOwnProperty("G", new PropertyDescriptor(g, PropertyFlag.None));
    }

    private static JsValue At(JsValue[] args, int i) => i < args.Length ? args[i] : JsValue.Undefined;

    private static JsBoolean Bool(bool b) => b ? JsBoolean.True : JsBoolean.False;

    /// <summary>A number from anything a formula passes: a number as it is, a state its duration, numeric text its number, else 0.</summary>
    private static double Num(JsValue x)
    {
        if (x is JsNumber n) return n.AsNumber();
        if (x is ObjectInstance o)
        {
            var d = o.Get("duration");
            return d is JsNumber dn ? dn.AsNumber() : 0;
        }
        if (x.IsString() || x.IsBoolean())
        {
            var v = TypeConverter.ToNumber(x);
            return double.IsNaN(v) ? 0 : v;
        }
        return 0;
    }

    private static JsValue Div(double a, double b, JsValue ifZero)
    {
        if (Quotient(a, b) is { } r) return JsNumber.Create(r);
        return ifZero.IsUndefined() ? JsNumber.Create(0) : ifZero;
    }

    /// <summary>G.Div's quotient: a / b when b is not zero and the result is finite, else null (the caller's "if zero").</summary>
    internal static double? Quotient(double a, double b)
    {
        var r = b == 0 ? double.NaN : a / b;
        return double.IsFinite(r) ? r : null;
    }

    internal static string FormatTime(double seconds)
    {
        if (!double.IsFinite(seconds)) seconds = 0;
        var t = (long)Math.Floor(Math.Abs(seconds));
        var sign = seconds < 0 ? "-" : "";
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{t / 3600:00}:{t / 60 % 60:00}:{t % 60:00}");
    }

    /// <summary>The status of an agent-state object, or null when <paramref name="x"/> is not one.</summary>
    private static string? Status(JsValue x)
    {
        if (x is not ObjectInstance o) return null;
        var s = o.Get("status");
        return s.IsString() ? s.AsString() : null;
    }

    /// <summary>A text property of an agent-state object; "" when absent or not a state.</summary>
    private static string Text(JsValue state, string property)
    {
        if (Status(state) is null) return "";
        var v = ((ObjectInstance)state).Get(property);
        return v.IsString() ? v.AsString() : "";
    }

    /// <summary>The status for one media; the engine's state carries no media and stands for every media.</summary>
    private static string StatusFor(JsValue state, JsValue media)
    {
        if (Status(state) is not { } status) return "";
        if (media.IsUndefined() || media.IsNull()) return status;
        var wanted = TypeConverter.ToString(media);
        var own = Text(state, "media");
        if (wanted.Length == 0 || own.Length == 0) return status;
        return string.Equals(own, wanted, StringComparison.OrdinalIgnoreCase) ? status : "";
    }

    private static string FormatStatus(JsValue state, JsValue template)
    {
        if (Status(state) is not { } status) return "";
        var t = template.IsUndefined() || template.IsNull() ? "${status} ${duration}" : TypeConverter.ToString(template);
        return t.Replace("${status}", status, StringComparison.Ordinal)
            .Replace("${reason}", Text(state, "reason"), StringComparison.Ordinal)
            .Replace("${media}", Text(state, "media"), StringComparison.Ordinal)
            .Replace("${duration}", FormatTime(Num(((ObjectInstance)state).Get("duration"))), StringComparison.Ordinal);
    }

    /// <summary>The attached-data value of <paramref name="key"/>, or null when the state has no such key.</summary>
    private static JsValue? UserData(JsValue state, JsValue key)
    {
        if (Status(state) is null || ((ObjectInstance)state).Get("data") is not ObjectInstance data) return null;
        var k = TypeConverter.ToString(key);
        return data.HasOwnProperty(k) ? data.Get(k) : null;
    }
}
