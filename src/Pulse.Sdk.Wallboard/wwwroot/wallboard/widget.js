// One widget on the board: a layout shown as its widget type, with the optional line chart below (a Line widget is
// that chart alone, larger, with a line per object or per statistic of its one object).
import { el, clear, append } from './dom.js';
import { levelFor, thresholdsFor } from './thresholds.js';
import { formatValue } from './format.js';
import { valueKey } from './values.js';
import { renderKpi } from './widgets/kpi.js';
import { renderDonut } from './widgets/donut.js';
import { renderGrid } from './widgets/grid.js';
import { renderList } from './widgets/list.js';
import { renderBar } from './widgets/bar.js';
import { renderChart } from './widgets/chart.js';

export const WIDGET_TYPES = Object.freeze(['Kpi', 'Donut', 'Grid', 'List', 'Bar', 'Line']);
// A Line widget has no body: its chart (below) is the widget.
const RENDERERS = { Kpi: renderKpi, Donut: renderDonut, Grid: renderGrid, List: renderList, Bar: renderBar, Line: () => null };
const RESOLUTION_MS = { '1s': 1000, '1m': 60000 };
const MAX_CHART_LINES = 8;

/** The widget type shown: the layout's widgetType option when it names one, else the template's. */
export function widgetTypeOf(layout, template) {
  const chosen = layout.options?.widgetType;
  return WIDGET_TYPES.includes(chosen) ? chosen : (WIDGET_TYPES.includes(template?.widgetType) ? template.widgetType : 'Grid');
}

/** The template's statistics that the layout shows: those named in its aliases option (in that order), else all. */
export function shownStatistics(layout, template) {
  const all = template?.statistics ?? [];
  const wanted = String(layout.options?.aliases ?? '').split(',').map((a) => a.trim()).filter(Boolean);
  if (wanted.length === 0) return all;
  return wanted.map((alias) => all.find((s) => s.alias === alias)).filter(Boolean);
}

export function objectKey(object) {
  return `${object.type}:${object.id}`;
}

/** The name a statistic is shown by: its display alias, else its alias. */
export function statisticLabel(statistic) {
  return statistic.displayAlias || statistic.alias;
}

export class WidgetView {
  /**
   * names: Map "type:id" → object name; values: ValueTable; actions: { edit?(view), expand?(view) } — only the
   * actions the user may take; api: for the chart's history.
   */
  constructor({ layout, template, names, values, actions, api, now = () => Date.now() }) {
    this.names = names;
    this.values = values;
    this.actions = actions;
    this.api = api;
    this.now = now;
    this.element = el('article', { class: 'widget' });
    this.body = el('div', { class: 'widget-body' });
    this.chartSlot = el('div', { class: 'widget-chart' });
    this.setLayout(layout, template);
  }

  setLayout(layout, template) {
    this.layout = layout;
    this.template = template;
    this.type = widgetTypeOf(layout, template);
    this.statistics = shownStatistics(layout, template);
    this.objects = (layout.objects ?? []).map((o) => ({ ...o, name: this.names.get(objectKey(o)) ?? o.id }));
    this.element.dataset.layout = layout.id;
    this.element.dataset.type = this.type;
    clear(this.element).append(this.header(), this.body, this.chartSlot);
    this.setupChart();
    this.refresh([]);
  }

  header() {
    const buttons = [];
    if (this.actions.edit) buttons.push(el('button', { type: 'button', class: 'widget-action', dataset: { action: 'edit' }, title: 'Edit this widget', on: { click: () => this.actions.edit(this) } }, 'Edit'));
    if (this.actions.expand) buttons.push(el('button', { type: 'button', class: 'widget-action', dataset: { action: 'expand' }, title: 'Open this widget in its own tab', on: { click: () => this.actions.expand(this) } }, 'Expand'));
    return el('header', { class: 'widget-header' },
      el('h2', { class: 'widget-title', text: this.layout.name || this.template?.name || 'Widget' }),
      el('div', { class: 'widget-actions' }, buttons));
  }

  /** The model the widget-type renderers read. */
  model() {
    return {
      layout: this.layout,
      template: this.template,
      statistics: this.statistics,
      objects: this.objects,
      objectKey,
      label: statisticLabel,
      value: (object, alias) => this.values.get(this.layout.id, object, alias),
      level: (alias, value) => levelFor(this.layout.options, alias, value),
    };
  }

  /** Redraws with the current values; `changed` (pushed values of this layout) extends the chart. */
  refresh(changed) {
    if (!this.template) {
      clear(this.body).append(el('p', { class: 'empty', text: 'The template of this widget is not available' }));
      return;
    }
    if (this.objects.length === 0) {
      clear(this.body).append(el('p', { class: 'empty', text: 'No objects: edit the widget to choose some' }));
    } else {
      append(clear(this.body), [RENDERERS[this.type](this.model())]);
    }
    // Redrawn for any pushed value of the layout, not only a new point: the legend shows each line's current value.
    if (this.chart && (this.extendChart(changed) || changed.length > 0)) this.drawChart();
  }

  /**
   * The lines of the chart: [{ object, statistic, name }]. Under a widget, one per object of the chart.alias statistic;
   * a Line widget draws that statistic (by default its first shown one), or, for one object and no chart.alias, one
   * line per shown statistic.
   */
  chartLines(options) {
    const objects = this.objects.slice(0, MAX_CHART_LINES);
    const named = this.template?.statistics?.find((s) => s.alias === options['chart.alias']);
    if (this.type !== 'Line') return named ? objects.map((object) => ({ object, statistic: named, name: object.name })) : [];
    if (!named && objects.length === 1 && this.statistics.length > 1) {
      return this.statistics.slice(0, MAX_CHART_LINES).map((statistic) => ({ object: objects[0], statistic, name: statisticLabel(statistic) }));
    }
    const statistic = named ?? this.statistics[0];
    return statistic ? objects.map((object) => ({ object, statistic, name: object.name })) : [];
  }

  setupChart() {
    clear(this.chartSlot);
    const options = this.layout.options ?? {};
    const lines = this.chartLines(options);
    if (lines.length === 0) { this.chart = null; return; }
    // No resolution asked: the service answers with its finest history tier.
    const resolution = options['chart.resolution'] in RESOLUTION_MS ? options['chart.resolution'] : undefined;
    const minutes = Number(options['chart.minutes']) > 0 ? Number(options['chart.minutes']) : 15;
    // One object for all lines: its lines are statistics, named in the caption by the object.
    const perStatistic = new Set(lines.map((l) => l.statistic.alias)).size > 1;
    const title = perStatistic ? lines[0].object.name : statisticLabel(lines[0].statistic);
    this.chart = { title, resolution, windowMs: minutes * 60000, series: new Map(), failed: false };
    for (const { object, statistic, name } of lines) {
      const key = valueKey(object, statistic.alias);
      this.chart.series.set(key, { key, object, statistic, name, points: [] });
    }
    this.drawChart();
    this.loadHistory(this.chart);
  }

  async loadHistory(chart) {
    // No `to`: the service reads up to its own now, which may be ahead of this screen's clock.
    const from = new Date(this.now() - chart.windowMs);
    try {
      await Promise.all([...chart.series.values()].map(async (series) => {
        const points = await this.api.history(this.layout.id, { object: series.object, alias: series.statistic.alias, resolution: chart.resolution, from });
        // A stale point's number is not current: left out, like a live stale value (extendChart).
        const history = points.filter((p) => p.stale !== true).map((p) => ({ time: Date.parse(p.time), value: Number(p.value) })).filter((p) => Number.isFinite(p.time));
        // Live points that arrived while the history loaded are newer: keep them after it.
        const last = history.length ? history[history.length - 1].time : -Infinity;
        series.points = [...history, ...series.points.filter((p) => p.time > last)];
      }));
    } catch (error) {
      chart.failed = error.message;
    }
    if (this.chart === chart) this.drawChart();
  }

  extendChart(changed) {
    const bucket = RESOLUTION_MS[this.chart.resolution ?? '1s'];
    let extended = false;
    for (const value of changed) {
      if (value.stale === true) continue;
      const series = value.object ? this.chart.series.get(valueKey(value.object, value.alias)) : undefined;
      const time = Date.parse(value.time);
      const n = Number(value.value);
      if (!series || !Number.isFinite(time) || !Number.isFinite(n)) continue;
      const last = series.points[series.points.length - 1];
      // One point per history bucket: a newer value in the same bucket replaces the last one.
      if (last && Math.floor(last.time / bucket) === Math.floor(time / bucket)) series.points[series.points.length - 1] = { time, value: n };
      else if (!last || time > last.time) series.points.push({ time, value: n });
      extended = true;
    }
    return extended;
  }

  drawChart() {
    // The server's clock may run ahead of this screen's: the newest point, not this clock, may end the axis.
    const latest = Math.max(...[...this.chart.series.values()].map((s) => s.points.at(-1)?.time ?? -Infinity));
    const to = Math.max(this.now(), latest);
    const from = to - this.chart.windowMs;
    for (const series of this.chart.series.values()) series.points = series.points.filter((p) => p.time >= from);
    const label = `${this.chart.title}, last ${Math.round(this.chart.windowMs / 60000)} min`;
    const series = [...this.chart.series.values()].map((s) => {
      const value = this.values.get(this.layout.id, s.object, s.statistic.alias);
      return { ...s, text: formatValue(value, s.statistic.displayFormat, s.statistic), level: levelFor(this.layout.options, s.statistic.alias, value) };
    });
    append(clear(this.chartSlot), [
      renderChart({ series, from, to, format: series[0].statistic.displayFormat, label, thresholds: this.chartThresholds(series) }),
      this.chart.failed ? el('p', { class: 'chart-note', text: `History unavailable: ${this.chart.failed}` }) : null]);
  }

  /** The thresholds of the charted statistics, drawn as horizontal lines: [{ value, level, text }]. */
  chartThresholds(series) {
    const statistics = [...new Map(series.map((s) => [s.statistic.alias, s.statistic])).values()];
    return statistics.flatMap((statistic) => {
      const limits = thresholdsFor(this.layout.options, statistic.alias);
      const prefix = statistics.length > 1 ? `${statisticLabel(statistic)} ` : '';
      return ['warning', 'critical'].filter((level) => limits[level] !== undefined).map((level) => ({
        value: limits[level], level, text: `${prefix}${level} ${formatValue({ value: limits[level] }, statistic.displayFormat, statistic)}`,
      }));
    });
  }
}
