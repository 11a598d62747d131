// The latest pushed value of each (layout, object, statistic alias).

export function valueKey(object, alias) {
  return `${object.type}:${object.id}\u0000${alias}`;
}

export class ValueTable {
  constructor() {
    this.byLayout = new Map();
  }

  /** A snapshot: forget everything, keep these. Returns the layouts it touched. */
  replace(values) {
    this.byLayout.clear();
    return this.apply(values);
  }

  /** A delta: the latest value per object and statistic. Returns the layouts it touched. */
  apply(values) {
    const touched = new Set();
    for (const value of values) {
      if (!value?.layout || !value.object || value.alias === undefined) continue;
      let layout = this.byLayout.get(value.layout);
      if (!layout) { layout = new Map(); this.byLayout.set(value.layout, layout); }
      layout.set(valueKey(value.object, value.alias), value);
      touched.add(value.layout);
    }
    return touched;
  }

  /** The value, or undefined before the first one. */
  get(layoutId, object, alias) {
    return this.byLayout.get(layoutId)?.get(valueKey(object, alias));
  }
}

/**
 * The number a chart draws for a pushed value: null when there is none to draw (nothing yet, null, not a number, an
 * agent state, or stale: the last number computed before a stream was lost is not current).
 */
export function drawnNumber(value) {
  if (!value || value.state || value.stale === true) return null;
  if (value.value === null || value.value === undefined || value.value === '') return null;
  const n = Number(value.value);
  return Number.isFinite(n) ? n : null;
}
