// Bar: one bar per object (one per statistic side by side, or the statistics stacked), horizontal or vertical (SVG).
// Layout options: bar.orientation = horizontal (default) | vertical, bar.stacked = true. A bar (or a segment) whose
// value reaches its statistic's warning or critical threshold takes that colour.
import { el, svg } from '../dom.js';
import { formatValue, isStale, STALE_VALUE } from '../format.js';
import { drawnNumber } from '../values.js';

const PALETTE_SIZE = 8;
const FONT = 18;
const CHAR = FONT * 0.6;          // the width of an average character, to cut names that would not fit
const WIDTH = 600;
// Horizontal: names on the left, bars, values on the right.
const NAME_COLUMN = 160;
const VALUE_COLUMN = 90;
// Vertical: values above the bars, names below.
const BAR_AREA = 240;
const HEAD = 26;
const FOOT = 30;
const GAP = 12;

export function renderBar(model) {
  if (model.statistics.length === 0) return el('p', { class: 'empty', text: 'No statistic to chart' });
  const options = model.layout.options ?? {};
  const vertical = options['bar.orientation'] === 'vertical';
  const stacked = String(options['bar.stacked']).toLowerCase() === 'true';
  const groups = model.objects.map((object) => ({ object, parts: parts(model, object) }));
  const lengths = groups.flatMap((g) => stacked ? [sum(g.parts)] : g.parts.map((p) => p.n ?? 0));
  const top = Math.max(0, ...lengths) || 1;
  const draw = vertical ? verticalGeometry(groups.length, stacked ? 1 : model.statistics.length) : horizontalGeometry(groups.length, stacked ? 1 : model.statistics.length);

  const chart = svg('svg', {
    class: `bar-svg bar-${vertical ? 'vertical' : 'horizontal'}`,
    viewBox: `0 0 ${draw.width} ${draw.height}`,
    role: 'img',
    'aria-label': groups.map((g) => `${g.object.name}: ${g.parts.map((p) => `${model.label(p.statistic)} ${p.text}`).join(', ')}`).join('; '),
  });
  groups.forEach((group, index) => chart.append(barGroup(model, group, index, { draw, top, stacked })));

  return el('figure', { class: 'bars', dataset: { orientation: vertical ? 'vertical' : 'horizontal', stacked: stacked ? 'true' : undefined } },
    chart,
    model.statistics.length > 1 ? el('ul', { class: 'legend chart-legend' }, model.statistics.map((statistic, index) =>
      el('li', { class: 'legend-item' }, el('span', { class: `swatch slice-${index % PALETTE_SIZE}` }), el('span', { text: model.label(statistic) })))) : null);
}

/** The statistics of one object: the pushed value, the number drawn (null: no bar), the text and the threshold level. */
function parts(model, object) {
  return model.statistics.map((statistic, index) => {
    const value = model.value(object, statistic.alias);
    const n = drawnNumber(value);
    return { statistic, index, value, n: n === null ? null : Math.max(0, n), text: formatValue(value, statistic.displayFormat, statistic), level: model.level(statistic.alias, value) };
  });
}

function sum(parts) {
  return parts.reduce((total, part) => total + (part.n ?? 0), 0);
}

/** A stack's total: N/A when a part is stale (a sum without it would look current), in the statistics' format when they share one. */
function totalText(parts) {
  if (parts.some((part) => isStale(part.value))) return STALE_VALUE;
  const formats = new Set(parts.map((part) => part.statistic.displayFormat));
  return formatValue({ value: sum(parts) }, formats.size === 1 ? [...formats][0] : 'Number');
}

// A geometry maps (band: the object's slot, offset and size within it; length: from and to along the value axis) to
// a rectangle, and says where a group's name and a bar's value go, so that both orientations share the drawing.
function horizontalGeometry(count, barsPerGroup) {
  const thickness = barsPerGroup > 1 ? 18 : 28;
  const pitch = thickness * barsPerGroup + GAP;
  const start = NAME_COLUMN;
  const span = WIDTH - NAME_COLUMN - VALUE_COLUMN;
  return {
    width: WIDTH,
    height: count * pitch + GAP,
    thickness,
    span,
    nameChars: Math.floor((NAME_COLUMN - 8) / CHAR),
    rect: (group, bar, from, to) => ({ x: start + from, y: GAP + group * pitch + bar * thickness, width: to - from, height: thickness - 2 }),
    name: (group) => ({ x: NAME_COLUMN - 8, y: GAP + group * pitch + (thickness * barsPerGroup) / 2, 'text-anchor': 'end', 'dominant-baseline': 'central' }),
    value: (group, bar, end) => ({ x: start + end + 6, y: GAP + group * pitch + bar * thickness + thickness / 2, 'text-anchor': 'start', 'dominant-baseline': 'central' }),
    inside: (group, bar, from, to) => ({ x: start + (from + to) / 2, y: GAP + group * pitch + bar * thickness + thickness / 2, 'text-anchor': 'middle', 'dominant-baseline': 'central' }),
  };
}

function verticalGeometry(count, barsPerGroup) {
  const pitch = WIDTH / Math.max(1, count);
  const thickness = Math.min(64, (pitch - GAP) / barsPerGroup);
  const base = HEAD + BAR_AREA;
  const left = (group) => group * pitch + (pitch - thickness * barsPerGroup) / 2;
  return {
    width: WIDTH,
    height: HEAD + BAR_AREA + FOOT,
    thickness,
    span: BAR_AREA,
    nameChars: Math.max(3, Math.floor((pitch - 4) / CHAR)),
    rect: (group, bar, from, to) => ({ x: left(group) + bar * thickness, y: base - to, width: thickness - 2, height: to - from }),
    name: (group) => ({ x: group * pitch + pitch / 2, y: base + FOOT / 2 + 2, 'text-anchor': 'middle', 'dominant-baseline': 'central' }),
    value: (group, bar, end) => ({ x: left(group) + bar * thickness + thickness / 2, y: base - end - 6, 'text-anchor': 'middle' }),
    inside: (group, bar, from, to) => ({ x: left(group) + bar * thickness + thickness / 2, y: base - (from + to) / 2, 'text-anchor': 'middle', 'dominant-baseline': 'central' }),
  };
}

/** A name cut to `chars` characters (SVG text does not wrap or ellipsize); the whole name is in the group's tooltip. */
function cut(name, chars) {
  const text = String(name);
  return text.length <= chars ? text : `${text.slice(0, Math.max(1, chars - 1))}…`;
}

function barGroup(model, { object, parts: all }, index, { draw, top, stacked }) {
  const scale = (n) => (n / top) * draw.span;
  const group = svg('g', { class: 'bar-group', dataset: { object: model.objectKey(object) } },
    // An SVG element has no title attribute: the tooltip is a <title> child, with the whole name and every value.
    svg('title', {}, `${object.name}: ${all.map((p) => `${model.label(p.statistic)} ${p.text}`).join(', ')}`),
    svg('text', { class: 'bar-name', ...draw.name(index) }, cut(object.name, draw.nameChars)));
  let end = 0;
  all.forEach((part, bar) => {
    const slot = stacked ? 0 : bar;
    const from = stacked ? end : 0;
    const to = from + scale(part.n ?? 0);
    end = to;
    group.append(svg('rect', {
      class: `bar-rect slice-${(model.statistics.length > 1 ? part.index : 0) % PALETTE_SIZE}`,
      ...draw.rect(index, slot, from, to),
      dataset: { alias: part.statistic.alias, value: part.n ?? undefined, level: part.level, stale: isStale(part.value) ? 'true' : undefined },
    }));
    // Stacked: a segment's value inside it when it fits; the tooltip and the label have them all.
    const textAt = stacked ? (to - from >= FONT * 2 ? draw.inside(index, slot, from, to) : null) : draw.value(index, slot, to);
    if (textAt) group.append(svg('text', { class: stacked ? 'bar-value bar-inside' : 'bar-value', ...textAt, dataset: { alias: part.statistic.alias, level: part.level, stale: isStale(part.value) ? 'true' : undefined } }, part.text));
  });
  if (stacked) group.append(svg('text', { class: 'bar-total', ...draw.value(index, 0, end) }, totalText(all)));
  return group;
}
