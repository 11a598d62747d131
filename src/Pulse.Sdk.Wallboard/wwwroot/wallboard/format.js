// Display formats of the Pulse templates: Time, Integer, Number, Percent, String, Status. The service's formatted values
// (?values=formatted) follow the same rules, and a test holds the two to the same text case by case: change both together.
// No thousands separators, numbers rounded half away from zero on their shortest digits, readable state names.

/** What is shown when there is no value yet. */
export const NO_VALUE = '–';

/** What a stale value shows: its number is the last one computed before a stream feeding it was lost, not a current one. */
export const STALE_VALUE = 'N/A';

/** The tooltip of a stale value. */
export const STALE_TITLE = 'stream not current';

/** Whether a pushed value is stale (`"stale": true`); a current value has no `stale` at all. */
export function isStale(value) {
  return value?.stale === true;
}

/** What a formula cell that failed shows; the author's message is its tooltip. */
export const ERROR_VALUE = '⚠';

/**
 * Marks the element showing `value` when it is stale (dimmed by the stylesheet, with the tooltip), or when it is a formula's
 * error (the message as tooltip); returns the element.
 */
export function markStale(element, value) {
  if (typeof value?.error === 'string') {
    element.dataset.error = 'true';
    element.title = value.error;
  } else if (isStale(value)) {
    element.dataset.stale = 'true';
    element.title = STALE_TITLE;
  }
  return element;
}

/** Readable names of agent states (the engine's status names); unknown states show as they come. The service has the same table. */
export const STATUS_LABELS = Object.freeze({
  NotMonitored: 'Not monitored',
  Monitored: 'Monitored',
  LoggedIn: 'Logged in',
  LoggedOut: 'Logged out',
  OnHook: 'On hook',
  OffHook: 'Off hook',
  WaitForNextCall: 'Ready',
  Ready: 'Ready',
  NotReadyForNextCall: 'Not ready',
  NotReady: 'Not ready',
  AfterCallWork: 'After-call work',
  CallDialing: 'Dialing',
  CallRinging: 'Ringing',
  CallOnHold: 'On hold',
  CallUnknown: 'On a call',
  CallConsult: 'Consult call',
  CallInternal: 'Internal call',
  CallOutbound: 'Outbound call',
  CallInbound: 'Inbound call',
});

/** The decimals of a Number statistic that sets none. */
export const DEFAULT_DECIMALS = 2;

/** How a Status statistic shows a state when its template statistic sets no statusDisplay. */
const DEFAULT_STATUS = Object.freeze({ showStatus: true, showIcon: false, showDuration: true, showMedia: false, showDnd: false, template: null });

// ${name}: plain substitution, nothing is evaluated.
const VARIABLE = /\$\{([A-Za-z]+)\}/g;

/** Seconds as h:mm:ss (whole seconds, never negative): 75 → "0:01:15", 36000 → "10:00:00"; '' when not a number. */
export function formatTime(seconds) {
  if (!Number.isFinite(seconds)) return '';
  // Bounded like the service's: more than a century of seconds is no duration anyone reads.
  const total = Math.floor(Math.min(Math.max(seconds, 0), 1e10));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** The readable name of an agent state. */
export function statusLabel(state) {
  if (state === null || state === undefined || state === '') return NO_VALUE;
  return Object.hasOwn(STATUS_LABELS, state) ? STATUS_LABELS[state] : String(state);
}

/**
 * `value` in plain decimal notation, rounded half away from zero to `decimals` (all its digits when null), trailing zeros
 * dropped unless `fixed`. The rounding works on the shortest digits that read back as the value (toExponential()), so
 * 1.005 rounds to 1.01 as it reads; the service rounds the same digits alike.
 */
export function formatDecimal(value, decimals, fixed) {
  if (!Number.isFinite(value)) return '';
  const shortest = Math.abs(value).toExponential();
  const e = shortest.indexOf('e');
  const mantissa = shortest.slice(0, e);
  const point = mantissa.indexOf('.');
  let digits = point < 0 ? mantissa : mantissa.slice(0, point) + mantissa.slice(point + 1);
  // The value is 0.<digits> × 10^intLength.
  let intLength = (point < 0 ? mantissa.length : point) + Number(shortest.slice(e + 1));
  while (digits.length > 0 && digits[0] === '0') { digits = digits.slice(1); intLength--; }

  if (decimals !== null && decimals !== undefined && intLength + decimals < digits.length) {
    const keep = intLength + decimals;
    if (keep < 0) { digits = ''; intLength = 0; } else {
      const up = digits[keep] >= '5';
      const kept = digits.slice(0, keep).split('');
      if (up) {
        let i = keep - 1;
        while (i >= 0 && kept[i] === '9') kept[i--] = '0';
        if (i >= 0) kept[i] = String(Number(kept[i]) + 1);
        else { kept.unshift('1'); intLength++; }
      }
      digits = kept.join('');
    }
  }

  let text = '';
  if (intLength <= 0) text = '0';
  else for (let i = 0; i < intLength; i++) text += i < digits.length ? digits[i] : '0';
  let fraction = '0'.repeat(Math.max(0, -intLength)) + digits.slice(Math.max(intLength, 0));
  if (fixed && decimals !== null && decimals !== undefined) fraction = fraction.padEnd(decimals, '0');
  else fraction = fraction.replace(/0+$/, '');
  if (fraction.length > 0) text += `.${fraction}`;
  // No "-0": a negative value that rounds to zero is zero.
  return value < 0 && /[1-9]/.test(digits) ? `-${text}` : text;
}

function formatStatus(display, n, state, reason, media) {
  const hasState = typeof state === 'string' && state !== '';
  const hasReason = typeof reason === 'string' && reason !== '';
  if (!hasState && !hasReason) return '';
  // A CurrentStateReasons value has a reason and no state: the reason is its status.
  const name = hasState ? statusLabel(state) : reason;
  const duration = n === null ? '' : formatTime(n);
  const mediaName = hasState && typeof media === 'string' ? media : '';
  if (typeof display.template === 'string') {
    return display.template.replace(VARIABLE, (match, variable) => {
      switch (variable) {
        case 'status': return name;
        case 'reason': return hasReason ? reason : '';
        case 'media': return mediaName;
        case 'duration': return duration;
        // No event source reports do-not-disturb.
        case 'dnd': return '';
        default: return match;
      }
    });
  }
  const parts = [];
  if (display.showStatus) parts.push(hasState && hasReason ? `${name} (${reason})` : name);
  if (display.showMedia && mediaName !== '') parts.push(mediaName);
  if (display.showDuration && duration !== '') parts.push(duration);
  return parts.join(' ');
}

/** A Status statistic's options: its statusDisplay over the defaults. */
export function statusDisplay(statistic) {
  return { ...DEFAULT_STATUS, ...(statistic?.statusDisplay ?? {}) };
}

/**
 * The text of a current value in a display format with the template statistic's options ({ decimals, statusDisplay }), ''
 * when there is none: exactly the service's formatted value (docs/api.md, "Display formats").
 */
export function formatText(value, format, statistic) {
  const raw = value?.value;
  const n = raw === null || raw === undefined || raw === '' || typeof raw === 'boolean' ? null : Number(raw);
  const number = n !== null && Number.isFinite(n) ? n : null;
  switch (format) {
    case 'Status':
      return formatStatus(statusDisplay(statistic), number, value?.state, value?.reason, value?.media);
    case 'String':
      if (typeof value?.reason === 'string' && value.reason !== '') return value.reason;
      if (typeof value?.state === 'string' && value.state !== '') return value.state;
      if (typeof raw === 'string') return raw;
      return number === null ? '' : formatDecimal(number, null, false);
    case 'Time':
      return formatTime(number);
    case 'Integer':
      return formatDecimal(number, 0, false);
    case 'Percent':
      return number === null ? '' : `${formatDecimal(number, 1, true)}%`;
    default:
      return formatDecimal(number, statistic?.decimals ?? DEFAULT_DECIMALS, false);
  }
}

/**
 * A value as text in a display format. `value` is a pushed value ({ value, state, reason, media, stale, text, error }) or
 * undefined; `statistic` the template statistic ({ decimals, statusDisplay }) when it sets options. No value is –, a stale
 * one N/A, a formula's error ⚠. Status shows the state, its reason and the time in it: "Not ready (Break) 0:05:12".
 */
export function formatValue(value, format, statistic) {
  if (!value) return NO_VALUE;
  // A formula that failed has `error` (its author's message, shown by markStale's tooltip); one that gave text has `text`.
  if (typeof value.error === 'string') return ERROR_VALUE;
  if (isStale(value)) return STALE_VALUE;
  if (typeof value.text === 'string') return value.text;
  const text = formatText(value, format, statistic);
  // '' means no value yet (e.g. an average before the first call): never show it as 0.
  return text === '' ? NO_VALUE : text;
}

/** The class of an agent state its icon shows: ready, notready, acw, busy (on a call), loggedout, or other. */
export function statusClass(state) {
  switch (state) {
    case 'WaitForNextCall': case 'Ready': return 'ready';
    case 'NotReadyForNextCall': case 'NotReady': return 'notready';
    case 'AfterCallWork': return 'acw';
    case 'LoggedOut': return 'loggedout';
    case 'OffHook': case 'CallDialing': case 'CallRinging': case 'CallOnHold': case 'CallUnknown':
    case 'CallConsult': case 'CallInternal': case 'CallOutbound': case 'CallInbound': return 'busy';
    default: return 'other';
  }
}

/**
 * What an element shows for a value: its text, after an icon of the state's class when the statistic is a Status with
 * showIcon and the value a current state (the service's formatted text has no icon).
 */
export function valueContent(value, statistic) {
  const text = formatValue(value, statistic?.displayFormat, statistic);
  const current = value && typeof value.error !== 'string' && !isStale(value) && typeof value.state === 'string' && value.state !== '';
  if (statistic?.displayFormat !== 'Status' || !current || !statusDisplay(statistic).showIcon) return [text];
  const icon = document.createElement('span');
  icon.className = 'status-icon';
  icon.dataset.statusClass = statusClass(value.state);
  icon.setAttribute('aria-hidden', 'true');
  const label = document.createElement('span');
  label.className = 'status-text';
  label.textContent = text === NO_VALUE ? '' : text;
  return [icon, label];
}
