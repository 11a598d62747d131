// KPI: big numbers, one tile per statistic, grouped by object when there are several.
import { el } from '../dom.js';
import { markStale, valueContent } from '../format.js';

export function renderKpi(model) {
  const several = model.objects.length > 1;
  return el('div', { class: 'kpi' }, model.objects.map((object) =>
    el('section', { class: 'kpi-object', dataset: { object: model.objectKey(object) } },
      several ? el('h3', { class: 'object-name', text: object.name }) : null,
      el('div', { class: 'tiles' }, model.statistics.map((statistic) => {
        const value = model.value(object, statistic.alias);
        return el('div', {
          class: 'tile',
          title: statistic.description ?? '',
          dataset: { alias: statistic.alias, level: model.level(statistic.alias, value), state: value?.state ?? undefined },
        },
        el('span', { class: 'tile-label', text: model.label(statistic) }),
        markStale(el('span', { class: 'tile-value' }, valueContent(value, statistic)), value));
      })))));
}
