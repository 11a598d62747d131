// Line chart (SVG) over time, one line per series (an object's statistic): the history, extended by live values.
// Thresholds are dashed horizontal lines; the legend (and the chart's aria-label) has each line's current value.
import { svg, el } from '../dom.js';
import { formatValue } from '../format.js';

const WIDTH = 600;
const HEIGHT = 160;
const PAD_LEFT = 4;
const PAD_TOP = 8;
const PALETTE_SIZE = 8;

/**
 * series: [{ key, name, object, statistic, points: [{ time: ms, value }], text, level }] within [from, to] (ms), `text`
 * the current value formatted and `level` its threshold level; thresholds: [{ value, level, text }].
 */
export function renderChart({ series, from, to, format, label, thresholds = [] }) {
  const values = series.flatMap((s) => s.points.map((p) => p.value)).filter(Number.isFinite);
  // The thresholds are in the scale, so a line stays visible while the values are below it.
  const top = Math.max(1, ...values, ...thresholds.map((t) => t.value));
  const x = (t) => PAD_LEFT + ((t - from) / Math.max(1, to - from)) * (WIDTH - PAD_LEFT * 2);
  const y = (v) => PAD_TOP + (1 - v / top) * (HEIGHT - PAD_TOP * 2);
  const current = series.map((s) => `${s.name} ${s.text ?? ''}`.trim()).join(', ');

  const chart = svg('svg', { class: 'chart-svg', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': current ? `${label}: ${current}` : label },
    svg('line', { class: 'chart-axis', x1: 0, y1: HEIGHT - PAD_TOP, x2: WIDTH, y2: HEIGHT - PAD_TOP }));
  for (const threshold of thresholds) {
    const at = y(threshold.value).toFixed(1);
    chart.append(svg('line', { class: 'chart-threshold', x1: 0, y1: at, x2: WIDTH, y2: at, dataset: { level: threshold.level, value: threshold.value } },
      svg('title', {}, threshold.text)));
  }
  series.forEach((s, index) => {
    const points = s.points.filter((p) => Number.isFinite(p.value) && p.time >= from && p.time <= to);
    if (points.length === 0) return;
    chart.append(svg('polyline', {
      class: `chart-line slice-${index % PALETTE_SIZE}`,
      points: points.map((p) => `${x(p.time).toFixed(1)},${y(p.value).toFixed(1)}`).join(' '),
      dataset: { object: s.object ? `${s.object.type}:${s.object.id}` : s.key, alias: s.statistic?.alias },
    }, svg('title', {}, s.name)));
  });

  return el('figure', { class: 'chart' },
    el('figcaption', { class: 'chart-caption' },
      el('span', { class: 'chart-title', text: label }),
      el('span', { class: 'chart-max', text: `max ${formatValue({ value: top }, format)}` })),
    chart,
    el('ul', { class: 'legend chart-legend' },
      series.map((s, index) =>
        el('li', { class: 'legend-item', dataset: { series: s.key, level: s.level } },
          el('span', { class: `swatch slice-${index % PALETTE_SIZE}` }),
          el('span', { class: 'legend-label', text: s.name }),
          s.text === undefined ? null : el('span', { class: 'legend-value', text: s.text }))),
      thresholds.map((t) =>
        el('li', { class: 'legend-item threshold-item', dataset: { level: t.level } },
          el('span', { class: 'swatch threshold-swatch' }),
          el('span', { class: 'legend-label', text: t.text })))));
}
