// Dialogs: create a widget from a template, edit a widget (name, objects, type, statistics, thresholds, chart, bars).
import { el, clear } from './dom.js';
import { WIDGET_TYPES, shownStatistics, objectKey, statisticLabel as label } from './widget.js';

function objectPicker(objects, chosen) {
  const keys = new Set(chosen.map(objectKey));
  if (objects.length === 0) return el('p', { class: 'empty', text: 'No objects of this type are visible to you.' });
  return el('div', { class: 'picker' }, objects.map((o) =>
    el('label', { class: 'pick' },
      el('input', { type: 'checkbox', name: 'object', value: objectKey(o), checked: keys.has(objectKey(o)) }),
      el('span', { text: o.name || o.id }))));
}

function pickedObjects(form) {
  return [...form.querySelectorAll('input[name="object"]:checked')].map((input) => {
    const at = input.value.indexOf(':');
    return { type: input.value.slice(0, at), id: input.value.slice(at + 1) };
  });
}

function typeSelect(current, templateType) {
  return el('select', { name: 'widgetType' },
    el('option', { value: '', text: `As the template (${templateType})`, selected: !current }),
    WIDGET_TYPES.map((t) => el('option', { value: t, text: t, selected: current === t })));
}

/** Shows a dialog with a form; submit(form) resolves to close it or throws to show the error. */
function showDialog(dialog, title, fields, submitLabel, submit) {
  const error = el('p', { class: 'error', role: 'alert' });
  const form = el('form', { class: 'editor-form', method: 'dialog' },
    el('h2', { text: title }),
    fields,
    error,
    el('div', { class: 'editor-buttons' },
      el('button', { type: 'button', class: 'secondary', on: { click: () => dialog.close() } }, 'Cancel'),
      el('button', { type: 'submit', class: 'primary' }, submitLabel)));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      await submit(form);
      dialog.close();
    } catch (e) {
      error.textContent = e.message;
    }
  });
  clear(dialog).append(form);
  if (!dialog.open) dialog.showModal();
  return form;
}

/** Create a widget: template, name, objects, widget type; POST /api/wbrt/widgets. */
export function openCreateWidget({ dialog, templates, objectsOf, create, created }) {
  const sorted = [...templates].sort((a, b) => a.name.localeCompare(b.name));
  const templateSelect = el('select', { name: 'templateId', required: true },
    sorted.map((t) => el('option', { value: t.id, text: `${t.name} (${t.widgetType}, ${t.objectType})` })));
  const description = el('p', { class: 'hint' });
  const name = el('input', { name: 'name', required: true, maxlength: 200 });
  const objectsSlot = el('div', { class: 'objects-slot' });
  const typeSlot = el('span');
  let template = null;
  const pick = async () => {
    template = sorted.find((t) => t.id === templateSelect.value) ?? null;
    description.textContent = template?.description ?? '';
    if (!name.dataset.touched) name.value = template?.name ?? '';
    clear(typeSlot).append(typeSelect('', template?.widgetType ?? ''));
    clear(objectsSlot).append(el('p', { class: 'hint', text: 'Loading objects…' }));
    const forTemplate = template;
    let objects = [];
    try { objects = template ? await objectsOf(template.objectType) : []; } catch (e) { objects = []; description.textContent = e.message; }
    if (template === forTemplate) clear(objectsSlot).append(objectPicker(objects, []));
  };
  name.addEventListener('input', () => { name.dataset.touched = '1'; });
  templateSelect.addEventListener('change', pick);

  showDialog(dialog, 'New widget', [
    el('label', {}, 'Template ', templateSelect), description,
    el('label', {}, 'Name ', name),
    el('label', {}, 'Show as ', typeSlot),
    el('fieldset', {}, el('legend', { text: 'Objects' }), objectsSlot),
  ], 'Create', async (form) => {
    if (!template) throw new Error('Choose a template.');
    const objects = pickedObjects(form);
    if (!name.value.trim()) throw new Error('Give the widget a name.');
    if (objects.length === 0) throw new Error('Choose at least one object.');
    const options = {};
    const type = form.elements.widgetType?.value;
    if (type) options.widgetType = type;
    const widget = await create({ templateId: template.id, name: name.value.trim(), objects, options });
    await created(widget);
  });
  if (sorted.length === 0) objectsSlot.append(el('p', { class: 'empty', text: 'There are no templates.' }));
  else pick();
}

/** Edit a widget: name, objects, widget type, statistics shown, thresholds, chart; PUT /api/wbrt/layouts/{id}. */
export function openEditLayout({ dialog, layout, template, objectsOf, save, saved }) {
  const options = { ...(layout.options ?? {}) };
  const statistics = template?.statistics ?? [];
  const shown = new Set(shownStatistics(layout, template).map((s) => s.alias));
  const objectsSlot = el('div', { class: 'objects-slot' }, el('p', { class: 'hint', text: 'Loading objects…' }));

  const rows = statistics.map((s) => el('tr', { dataset: { alias: s.alias } },
    el('td', {}, el('label', { class: 'pick' },
      el('input', { type: 'checkbox', name: 'alias', value: s.alias, checked: shown.has(s.alias) }),
      el('span', { text: label(s) }))),
    el('td', {}, el('input', { type: 'number', step: 'any', name: `threshold.${s.alias}.warning`, value: options[`threshold.${s.alias}.warning`] ?? '', 'aria-label': `${label(s)} warning` })),
    el('td', {}, el('input', { type: 'number', step: 'any', name: `threshold.${s.alias}.critical`, value: options[`threshold.${s.alias}.critical`] ?? '', 'aria-label': `${label(s)} critical` }))));

  showDialog(dialog, 'Edit widget', [
    el('label', {}, 'Name ', el('input', { name: 'name', required: true, maxlength: 200, value: layout.name ?? '' })),
    el('label', {}, 'Show as ', typeSelect(options.widgetType ?? '', template?.widgetType ?? '')),
    el('label', {}, 'Line chart of ', el('select', { name: 'chartAlias' },
      el('option', { value: '', text: 'No chart', selected: !options['chart.alias'] }),
      statistics.map((s) => el('option', { value: s.alias, text: label(s), selected: options['chart.alias'] === s.alias })))),
    el('label', {}, 'Bars ', el('select', { name: 'barOrientation' },
      el('option', { value: '', text: 'horizontal', selected: options['bar.orientation'] !== 'vertical' }),
      el('option', { value: 'vertical', text: 'vertical', selected: options['bar.orientation'] === 'vertical' }))),
    el('label', { class: 'pick' }, el('input', { type: 'checkbox', name: 'barStacked', checked: options['bar.stacked'] === 'true' }), 'Stack the statistics of a bar'),
    el('fieldset', {}, el('legend', { text: 'Objects' }), objectsSlot),
    el('fieldset', {}, el('legend', { text: 'Statistics and thresholds (critical below warning: lower is worse)' }),
      el('div', { class: 'grid-scroll' }, el('table', { class: 'thresholds' },
        el('thead', {}, el('tr', {}, el('th', { text: 'Statistic' }), el('th', { text: 'Warning' }), el('th', { text: 'Critical' }))),
        el('tbody', {}, rows)))),
  ], 'Save', async (form) => {
    const name = form.elements.name.value.trim();
    if (!name) throw new Error('Give the widget a name.');
    const objects = pickedObjects(form);
    if (objects.length === 0) throw new Error('Choose at least one object.');
    const next = { ...options };
    const set = (key, value) => { if (value === '' || value === undefined) delete next[key]; else next[key] = String(value); };
    set('widgetType', form.elements.widgetType.value);
    set('chart.alias', form.elements.chartAlias.value);
    set('bar.orientation', form.elements.barOrientation.value);
    set('bar.stacked', form.elements.barStacked.checked ? 'true' : '');
    const aliases = [...form.querySelectorAll('input[name="alias"]:checked')].map((i) => i.value);
    // All statistics ticked: no option, so statistics added to the template later show too.
    set('aliases', aliases.length === statistics.length ? '' : aliases.join(','));
    if (aliases.length === 0) throw new Error('Choose at least one statistic.');
    for (const s of statistics) {
      for (const level of ['warning', 'critical']) {
        const input = form.elements[`threshold.${s.alias}.${level}`];
        if (input.value !== '' && !Number.isFinite(Number(input.value))) throw new Error(`${label(s)} ${level}: not a number.`);
        set(`threshold.${s.alias}.${level}`, input.value);
      }
    }
    const result = await save({ ...layout, name, objects, options: next });
    saved(result ?? { ...layout, name, objects, options: next });
  });

  const chosen = layout.objects ?? [];
  (template ? objectsOf(template.objectType) : Promise.resolve([]))
    .catch(() => [])
    .then((objects) => {
      // Objects the layout shows but the list lacks (not visible any more) stay ticked so saving keeps them.
      const known = new Set(objects.map(objectKey));
      const all = [...objects, ...chosen.filter((o) => !known.has(objectKey(o)))];
      clear(objectsSlot).append(objectPicker(all, chosen));
    });
}
