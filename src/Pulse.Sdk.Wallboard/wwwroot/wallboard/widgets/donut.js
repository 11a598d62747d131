// Donut: the statistics of an object as shares of a ring (SVG), with a legend and the total in the middle.
import { el, svg } from '../dom.js';
import { formatValue, isStale, markStale, STALE_VALUE, STALE_TITLE } from '../format.js';

const RADIUS = 40;
const CIRCUMFERENCE = 2 * Math.PI * RADIUS;
const PALETTE_SIZE = 8;

export function renderDonut(model) {
  return el('div', { class: 'donuts' }, model.objects.map((object) => donut(model, object)));
}

function donut(model, object) {
  const parts = model.statistics.map((statistic, index) => {
    const value = model.value(object, statistic.alias);
    const n = Number(value?.value);
    return { statistic, value, index, n: Number.isFinite(n) && n > 0 && !value?.state && !isStale(value) ? n : 0 };
  });
  const total = parts.reduce((sum, part) => sum + part.n, 0);
  // A stale part is left out of the ring; a total without it would look current, so the total is N/A too.
  const staleTotal = parts.some((part) => isStale(part.value));
  const formats = new Set(model.statistics.map((s) => s.displayFormat));
  const totalFormat = formats.size === 1 ? [...formats][0] : 'Number';

  const ring = svg('svg', { class: 'donut-ring', viewBox: '0 0 100 100', role: 'img', 'aria-label': object.name },
    svg('circle', { class: 'donut-track', cx: 50, cy: 50, r: RADIUS }));
  let offset = 0;
  for (const part of parts) {
    if (part.n <= 0 || total <= 0) continue;
    const length = (part.n / total) * CIRCUMFERENCE;
    ring.append(svg('circle', {
      class: `donut-slice slice-${part.index % PALETTE_SIZE}`,
      cx: 50, cy: 50, r: RADIUS,
      'stroke-dasharray': `${length} ${CIRCUMFERENCE - length}`,
      'stroke-dashoffset': String(-offset),
      transform: 'rotate(-90 50 50)',
      dataset: { alias: part.statistic.alias },
    }));
    offset += length;
  }
  // An SVG element has no title attribute: its tooltip is a <title> child, here of the ring.
  if (staleTotal) ring.append(svg('title', {}, STALE_TITLE));
  ring.append(svg('text', { class: 'donut-total', x: 50, y: 50, 'text-anchor': 'middle', 'dominant-baseline': 'central', dataset: { stale: staleTotal ? 'true' : undefined } },
    staleTotal ? STALE_VALUE : formatValue({ value: total }, totalFormat)));

  return el('section', { class: 'donut', dataset: { object: model.objectKey(object) } },
    model.objects.length > 1 ? el('h3', { class: 'object-name', text: object.name }) : null,
    ring,
    el('ul', { class: 'legend' }, parts.map((part) =>
      el('li', { class: 'legend-item', dataset: { alias: part.statistic.alias, level: model.level(part.statistic.alias, part.value) } },
        el('span', { class: `swatch slice-${part.index % PALETTE_SIZE}` }),
        el('span', { class: 'legend-label', text: model.label(part.statistic) }),
        markStale(el('span', { class: 'legend-value', text: formatValue(part.value, part.statistic.displayFormat, part.statistic) }), part.value)))));
}
