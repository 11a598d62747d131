// One widget on the board: a layout shown as its widget type, with the optional line chart below.
import { el, clear, append } from './dom.js';
import { levelFor } from './thresholds.js';
import { renderKpi } from './widgets/kpi.js';
import { renderDonut } from './widgets/donut.js';
import { renderGrid } from './widgets/grid.js';
import { renderList } from './widgets/list.js';
import { renderChart } from './widgets/chart.js';

export const WIDGET_TYPES = Object.freeze(['Kpi', 'Donut', 'Grid', 'List']);
const RENDERERS = { Kpi: renderKpi, Donut: renderDonut, Grid: renderGrid, List: renderList };
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
      clear(this.body).append(RENDERERS[this.type](this.model()));
    }
    if (this.chart && this.extendChart(changed)) this.drawChart();
  }

  setupChart() {
    clear(this.chartSlot);
    const options = this.layout.options ?? {};
    const statistic = this.template?.statistics?.find((s) => s.alias === options['chart.alias']);
    if (!statistic) { this.chart = null; return; }
    // No resolution asked: the service answers with its finest history tier.
    const resolution = options['chart.resolution'] in RESOLUTION_MS ? options['chart.resolution'] : undefined;
    const minutes = Number(options['chart.minutes']) > 0 ? Number(options['chart.minutes']) : 15;
    this.chart = { statistic, resolution, windowMs: minutes * 60000, series: new Map(), failed: false };
    for (const object of this.objects.slice(0, MAX_CHART_LINES)) this.chart.series.set(objectKey(object), { key: objectKey(object), name: object.name, points: [] });
    this.drawChart();
    this.loadHistory(this.chart);
  }

  async loadHistory(chart) {
    // No `to`: the service reads up to its own now, which may be ahead of this screen's clock.
    const from = new Date(this.now() - chart.windowMs);
    try {
      await Promise.all(this.objects.slice(0, MAX_CHART_LINES).map(async (object) => {
        const points = await this.api.history(this.layout.id, { object, alias: chart.statistic.alias, resolution: chart.resolution, from });
        // A stale point's number is not current: left out, like a live stale value (extendChart).
        const history = points.filter((p) => p.stale !== true).map((p) => ({ time: Date.parse(p.time), value: Number(p.value) })).filter((p) => Number.isFinite(p.time));
        const series = chart.series.get(objectKey(object));
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
      if (value.alias !== this.chart.statistic.alias || value.stale === true) continue;
      const series = this.chart.series.get(objectKey(value.object));
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
    const label = `${statisticLabel(this.chart.statistic)}, last ${Math.round(this.chart.windowMs / 60000)} min`;
    append(clear(this.chartSlot), [
      renderChart({ series: [...this.chart.series.values()], from, to, format: this.chart.statistic.displayFormat, label }),
      this.chart.failed ? el('p', { class: 'chart-note', text: `History unavailable: ${this.chart.failed}` }) : null]);
  }
}
