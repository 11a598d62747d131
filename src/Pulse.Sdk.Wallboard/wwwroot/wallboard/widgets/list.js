// List: the objects with one statistic, sorted (highest first unless list.sort = asc), with a bar each.
import { el } from '../dom.js';
import { isStale, markStale, valueContent } from '../format.js';

export function renderList(model) {
  const wanted = model.layout.options?.['list.alias'];
  const statistic = model.statistics.find((s) => s.alias === wanted) ?? model.statistics[0];
  if (!statistic) return el('p', { class: 'empty', text: 'No statistic to list' });
  const direction = model.layout.options?.['list.sort'] === 'asc' ? 1 : -1;
  const rows = model.objects.map((object) => {
    const value = model.value(object, statistic.alias);
    const n = Number(value?.value);
    // A stale number is not current: no bar, sorted with the missing ones.
    return { object, value, n: Number.isFinite(n) && !isStale(value) ? n : null };
  });
  rows.sort((a, b) => {
    if (a.n === null || b.n === null) return (a.n === null) - (b.n === null);
    return direction * (a.n - b.n) || a.object.name.localeCompare(b.object.name);
  });
  const max = Math.max(0, ...rows.map((r) => r.n ?? 0));
  return el('div', { class: 'list' },
    el('h3', { class: 'list-heading', text: model.label(statistic) }),
    el('ol', { class: 'list-rows' }, rows.map((row) => {
      const fill = el('span', { class: 'bar-fill' });
      fill.style.width = `${max > 0 && row.n !== null ? Math.max(0, (row.n / max) * 100) : 0}%`;
      return el('li', { class: 'list-row', dataset: { object: model.objectKey(row.object), level: model.level(statistic.alias, row.value) } },
        el('span', { class: 'list-name', text: row.object.name }),
        el('span', { class: 'bar' }, fill),
        markStale(el('span', { class: 'list-value' }, valueContent(row.value, statistic)), row.value));
    })));
}
