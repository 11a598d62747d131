// Display formats of the Pulse templates: Time, Integer, Number, Percent, String, Status.

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

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

/** Readable names of agent states (the engine's status names); unknown states show as they come. */
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

/** Seconds as h:mm:ss (whole seconds, never negative): 75 → "0:01:15", 36000 → "10:00:00". */
export function formatTime(seconds) {
  if (!Number.isFinite(seconds)) return NO_VALUE;
  const total = Math.max(0, Math.floor(seconds));
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
 * A value as text in a display format. `value` is a pushed value ({ value, state, reason, stale, text, error }) or undefined; a
 * stale one is N/A, a formula's error ⚠.
 * Status shows the state, its reason and the time in it: "Not ready (Break) 0:05:12".
 */
export function formatValue(value, format) {
  if (!value) return NO_VALUE;
  // A formula that failed has `error` (its author's message, shown by markStale's tooltip); one that gave text has `text`.
  if (typeof value.error === 'string') return ERROR_VALUE;
  if (isStale(value)) return STALE_VALUE;
  if (typeof value.text === 'string') return value.text;
  // null means no value yet (e.g. an average before the first call): never show it as 0.
  const n = value.value === null || value.value === undefined || value.value === '' ? NaN : Number(value.value);
  switch (format) {
    case 'Status': {
      const label = statusLabel(value.state);
      const reason = value.reason ? ` (${value.reason})` : '';
      const since = Number.isFinite(n) ? ` ${formatTime(n)}` : '';
      return value.state ? `${label}${reason}${since}` : NO_VALUE;
    }
    case 'String':
      return value.value === null || value.value === undefined ? NO_VALUE : String(value.value);
    case 'Time':
      return formatTime(n);
    case 'Integer':
      return Number.isFinite(n) ? integer.format(Math.round(n)) : NO_VALUE;
    case 'Percent':
      return Number.isFinite(n) ? `${percent.format(n)}%` : NO_VALUE;
    default:
      return Number.isFinite(n) ? number.format(n) : NO_VALUE;
  }
}
