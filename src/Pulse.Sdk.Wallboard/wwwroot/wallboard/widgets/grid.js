// Grid: objects (rows) × statistics (columns).
import { el } from '../dom.js';
import { markStale, valueContent } from '../format.js';

export function renderGrid(model) {
  return el('div', { class: 'grid-scroll' },
    el('table', { class: 'grid' },
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col', text: 'Object' }),
        model.statistics.map((statistic) => el('th', { scope: 'col', title: statistic.description ?? '', text: model.label(statistic) })))),
      el('tbody', {}, model.objects.map((object) =>
        el('tr', { dataset: { object: model.objectKey(object) } },
          el('th', { scope: 'row', text: object.name }),
          model.statistics.map((statistic) => {
            const value = model.value(object, statistic.alias);
            return markStale(el('td', {
              dataset: { alias: statistic.alias, level: model.level(statistic.alias, value), state: value?.state ?? undefined },
            }, valueContent(value, statistic)), value);
          }))))));
}
