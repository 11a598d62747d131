// The helper object G of formula statistics: documented in docs/formulas.md, "The helper object G".
// Written in JavaScript, not as CLR callbacks, so the sandbox holds no host object and calls cost no interop.
(function (global) {
  'use strict';

  // A number from anything a formula passes: a number as it is, a state its duration, numeric text its number, else 0.
  function num(x) {
    if (typeof x === 'number') return x;
    if (x !== null && typeof x === 'object' && typeof x.duration === 'number') return x.duration;
    if (typeof x === 'string' || typeof x === 'boolean') {
      var v = Number(x);
      return isNaN(v) ? 0 : v;
    }
    return 0;
  }

  function isState(x) {
    return x !== null && typeof x === 'object' && typeof x.status === 'string';
  }

  function div(a, b, ifZero) {
    var d = num(b);
    var r = d === 0 ? NaN : num(a) / d;
    if (isFinite(r)) return r;
    return ifZero === undefined ? 0 : ifZero;
  }

  function pad(n) {
    return n < 10 ? '0' + n : '' + n;
  }

  function formatTime(seconds) {
    var s = num(seconds);
    if (!isFinite(s)) s = 0;
    var sign = s < 0 ? '-' : '';
    var t = Math.floor(Math.abs(s));
    return sign + pad(Math.floor(t / 3600)) + ':' + pad(Math.floor(t / 60) % 60) + ':' + pad(t % 60);
  }

  function same(a, b) {
    return String(a).toLowerCase() === String(b).toLowerCase();
  }

  function status(state, media) {
    if (!isState(state)) return '';
    if (media === undefined || media === null || media === '') return state.status;
    // The engine's state is the agent's over all media and carries no media: it stands for every media.
    if (!state.media) return state.status;
    return same(state.media, media) ? state.status : '';
  }

  var connected = { CallInbound: 1, CallOutbound: 1, CallInternal: 1, CallConsult: 1, CallUnknown: 1, CallOnHold: 1 };

  function userData(state) {
    return isState(state) && state.data !== null && typeof state.data === 'object' ? state.data : null;
  }

  var G = {
    // --- numbers ---
    Div: div,
    Percent: function (part, whole, ifZero) { return div(100 * num(part), whole, ifZero); },
    GetSL: function (good, bad) { return div(100 * num(good), num(good) + num(bad), 0); },
    Round: function (x, decimals) {
      var v = num(x), f = Math.pow(10, decimals === undefined ? 0 : Math.max(0, Math.min(15, Math.floor(num(decimals)))));
      return (v < 0 ? -1 : 1) * Math.round(Math.abs(v) * f) / f;
    },
    Sum: function () {
      var s = 0;
      for (var i = 0; i < arguments.length; i++) s += num(arguments[i]);
      return s;
    },
    Num: num,

    // --- durations ---
    FormatTime: formatTime,
    Minutes: function (seconds) { return num(seconds) / 60; },
    Hours: function (seconds) { return num(seconds) / 3600; },

    // --- agent state ---
    IsState: isState,
    GetStatus: status,
    GetAgentVoiceStatus: function (state) { return status(state, 'Voice'); },
    GetAgentNonVoiceStatus: function (state, media) { return status(state, media); },
    GetStatusDuration: function (state) { return isState(state) ? state.duration : 0; },
    GetMedia: function (state) { return isState(state) && state.media ? state.media : ''; },
    IsLoggedIn: function (state) { return isState(state) && state.status !== '' && state.status !== 'LoggedOut'; },
    IsReady: function (state) { return isState(state) && state.status === 'WaitForNextCall'; },
    IsNotReady: function (state) { return isState(state) && state.status === 'NotReadyForNextCall'; },
    IsAfterCallWork: function (state) { return isState(state) && state.status === 'AfterCallWork'; },
    IsTalking: function (state) { return isState(state) && connected[state.status] === 1; },
    FormatStatus: function (state, template) {
      if (!isState(state)) return '';
      var t = template === undefined || template === null ? '${status} ${duration}' : String(template);
      return t.split('${status}').join(state.status)
        .split('${reason}').join(state.reason)
        .split('${media}').join(state.media || '')
        .split('${duration}').join(formatTime(state.duration));
    },

    // --- reasons and attached data ---
    GetReason: function (state) { return isState(state) ? state.reason : ''; },
    GetReasonCodes: function (state) { return isState(state) ? state.reason : ''; },
    HasReason: function (state, code) { return isState(state) && state.reason !== '' && same(state.reason, code); },
    GetUserData: function (state, key) {
      var d = userData(state);
      return d !== null && Object.prototype.hasOwnProperty.call(d, key) ? d[key] : '';
    },
    HasUserData: function (state, key, value) {
      var d = userData(state);
      if (d === null || !Object.prototype.hasOwnProperty.call(d, key)) return false;
      return value === undefined || d[key] === String(value);
    }
  };

  Object.defineProperty(global, 'G', { value: Object.freeze(G), writable: false, enumerable: false, configurable: false });
})(globalThis);
