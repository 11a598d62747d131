// Threshold colours: layout options threshold.<alias>.warning and threshold.<alias>.critical.
// When critical ≥ warning, higher is worse (calls waiting); when critical < warning, lower is worse (service level).

function read(options, key) {
  const raw = options?.[key];
  if (raw === undefined || raw === null || String(raw).trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

/** The thresholds of one statistic: { warning, critical }, each a number or undefined. */
export function thresholdsFor(options, alias) {
  return {
    warning: read(options, `threshold.${alias}.warning`),
    critical: read(options, `threshold.${alias}.critical`),
  };
}

/** 'normal', 'warning' or 'critical' for a number, given { warning, critical }. */
export function levelOf(value, { warning, critical }) {
  if (!Number.isFinite(value)) return 'normal';
  const lowerIsWorse = warning !== undefined && critical !== undefined && critical < warning;
  const reached = (limit) => limit !== undefined && (lowerIsWorse ? value <= limit : value >= limit);
  if (reached(critical)) return 'critical';
  if (reached(warning)) return 'warning';
  return 'normal';
}

/** The level of a pushed value of a statistic in a layout; a stale value shows N/A, never a colour. */
export function levelFor(options, alias, value) {
  if (!value || value.state || value.stale === true) return 'normal';
  return levelOf(Number(value.value), thresholdsFor(options, alias));
}
