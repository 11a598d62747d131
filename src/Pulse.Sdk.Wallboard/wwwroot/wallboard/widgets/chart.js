// Line chart (SVG) of one statistic over time, one line per object: the history series, extended by live values.
import { svg, el } from '../dom.js';
import { formatValue } from '../format.js';

const WIDTH = 600;
const HEIGHT = 160;
const PAD_LEFT = 4;
const PAD_TOP = 8;
const PALETTE_SIZE = 8;

/** series: [{ key, name, points: [{ time: ms, value }] }] within [from, to] (ms). */
export function renderChart({ series, from, to, format, label }) {
  const values = series.flatMap((s) => s.points.map((p) => p.value)).filter(Number.isFinite);
  const top = Math.max(1, ...values);
  const x = (t) => PAD_LEFT + ((t - from) / Math.max(1, to - from)) * (WIDTH - PAD_LEFT * 2);
  const y = (v) => PAD_TOP + (1 - v / top) * (HEIGHT - PAD_TOP * 2);

  const chart = svg('svg', { class: 'chart-svg', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': label },
    svg('line', { class: 'chart-axis', x1: 0, y1: HEIGHT - PAD_TOP, x2: WIDTH, y2: HEIGHT - PAD_TOP }));
  series.forEach((s, index) => {
    const points = s.points.filter((p) => Number.isFinite(p.value) && p.time >= from && p.time <= to);
    if (points.length === 0) return;
    chart.append(svg('polyline', {
      class: `chart-line slice-${index % PALETTE_SIZE}`,
      points: points.map((p) => `${x(p.time).toFixed(1)},${y(p.value).toFixed(1)}`).join(' '),
      dataset: { object: s.key },
    }));
  });

  return el('figure', { class: 'chart' },
    el('figcaption', { class: 'chart-caption' },
      el('span', { class: 'chart-title', text: label }),
      el('span', { class: 'chart-max', text: `max ${formatValue({ value: top }, format)}` })),
    chart,
    el('ul', { class: 'legend chart-legend' }, series.map((s, index) =>
      el('li', { class: 'legend-item' }, el('span', { class: `swatch slice-${index % PALETTE_SIZE}` }), el('span', { text: s.name })))));
}
