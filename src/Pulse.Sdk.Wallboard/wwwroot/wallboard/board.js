// The dashboard picker (tabs) and the widgets of the open tab, kept current by the live feed.
import { el, clear } from './dom.js';
import { WidgetView, objectKey } from './widget.js';
import { hasPrivilege } from './privileges.js';
import { openCreateWidget, openEditLayout } from './editor.js';

export class Board {
  constructor({ api, feed, values, session, elements, notice }) {
    this.api = api;
    this.feed = feed;
    this.values = values;
    this.session = session;
    this.elements = elements;    // { tabs, board, dialog, addWidget }
    this.notice = notice;        // (text | null) => void
    this.tabs = [];
    this.templates = new Map();
    this.names = new Map();      // "type:id" → name
    this.namesLoaded = new Set();
    this.views = new Map();      // layout id → WidgetView
    this.current = null;
    this.dirty = new Map();      // layout id → pushed values since the last frame
    this.frame = 0;
    this.elements.addWidget.hidden = !hasPrivilege(session, 'ManageWidgets');
    this.elements.addWidget.onclick = () => this.createWidget();
  }

  async load(preferredTabId) {
    const [tabs, templates] = await Promise.all([this.api.tabs(), this.api.templates()]);
    this.tabs = tabs;
    this.templates = new Map(templates.map((t) => [t.id, t]));
    const chosen = this.tabs.find((t) => t.id === preferredTabId) ?? this.tabs[0];
    this.renderTabs();
    if (chosen) await this.open(chosen.id);
    else this.showEmpty('No dashboards yet.');
  }

  renderTabs() {
    clear(this.elements.tabs).append(...this.tabs.map((tab) => el('button', {
      type: 'button',
      class: 'tab',
      role: 'tab',
      'aria-selected': String(tab.id === this.current?.id),
      dataset: { tab: tab.id },
      on: { click: () => this.open(tab.id) },
    }, tab.name || 'Dashboard')));
  }

  showEmpty(text) {
    this.feed.follow([]);
    this.views.clear();
    clear(this.elements.board).append(el('p', { class: 'empty', text }));
  }

  async open(tabId) {
    const tab = this.tabs.find((t) => t.id === tabId);
    if (!tab) return;
    this.current = tab;
    this.renderTabs();
    if (location.hash !== `#tab=${tab.id}`) history.replaceState(null, '', `#tab=${tab.id}`);
    const layouts = (await Promise.all((tab.layoutIds ?? []).map((id) => this.api.layout(id).catch(() => null)))).filter(Boolean);
    if (this.current !== tab) return;   // another tab was picked meanwhile
    await this.loadNames(layouts);
    if (this.current !== tab) return;
    if (layouts.length === 0) { this.showEmpty('This dashboard has no widgets.'); return; }

    this.views.clear();
    this.values.replace([]);
    const actions = this.actions();
    for (const layout of layouts) {
      this.views.set(layout.id, new WidgetView({ layout, template: this.templates.get(layout.templateId), names: this.names, values: this.values, actions, api: this.api }));
    }
    clear(this.elements.board).append(...[...this.views.values()].map((v) => v.element));
    this.elements.board.dataset.count = String(this.views.size);
    this.feed.follow([...this.views.keys()]);
  }

  actions() {
    const actions = {};
    if (hasPrivilege(this.session, 'EditWidgetDisplay')) actions.edit = (view) => this.editWidget(view);
    if (hasPrivilege(this.session, 'ManageTabs')) actions.expand = (view) => this.expandWidget(view);
    return actions;
  }

  /** Object names for the objects the layouts show (one request per object type, once). */
  async loadNames(layouts) {
    const types = new Set(layouts.flatMap((l) => (l.objects ?? []).map((o) => o.type)));
    await Promise.all([...types].filter((t) => !this.namesLoaded.has(t)).map((type) => this.objectsOf(type).catch(() => [])));
  }

  async objectsOf(type) {
    const objects = await this.api.objects(type);
    for (const o of objects) this.names.set(objectKey(o), o.name || o.id);
    this.namesLoaded.add(type);
    return objects;
  }

  /** Live values: a snapshot replaces all, a delta updates; widgets redraw once per animation frame. */
  onValues(values, kind) {
    const touched = kind === 'snapshot' ? this.values.replace(values) : this.values.apply(values);
    if (kind === 'snapshot') for (const id of this.views.keys()) touched.add(id);
    for (const id of touched) {
      if (!this.views.has(id)) continue;
      const list = this.dirty.get(id) ?? [];
      for (const v of values) if (v.layout === id) list.push(v);
      this.dirty.set(id, list);
    }
    if (!this.frame && this.dirty.size) this.frame = requestAnimationFrame(() => this.flush());
  }

  flush() {
    this.frame = 0;
    const dirty = this.dirty;
    this.dirty = new Map();
    for (const [id, changed] of dirty) this.views.get(id)?.refresh(changed);
  }

  async createWidget() {
    if (!this.current) { this.notice('Open a dashboard first.'); return; }
    const tab = this.current;
    openCreateWidget({
      dialog: this.elements.dialog,
      templates: [...this.templates.values()],
      objectsOf: (type) => this.objectsOf(type),
      create: (body) => this.api.createWidget({ ...body, tabId: tab.id }),
      created: async (widget) => {
        const fresh = await this.api.tab(tab.id).catch(() => null);
        const updated = fresh ?? { ...tab, layoutIds: [...(tab.layoutIds ?? []), widget.layoutId] };
        if (!updated.layoutIds.includes(widget.layoutId)) updated.layoutIds = [...updated.layoutIds, widget.layoutId];
        this.tabs = this.tabs.map((t) => (t.id === tab.id ? updated : t));
        await this.open(tab.id);
      },
    });
  }

  editWidget(view) {
    openEditLayout({
      dialog: this.elements.dialog,
      layout: view.layout,
      template: view.template,
      objectsOf: (type) => this.objectsOf(type),
      save: (layout) => this.api.saveLayout(layout),
      saved: (layout) => {
        view.setLayout(layout, this.templates.get(layout.templateId));
        // The objects may have changed: a new subscription brings a fresh snapshot.
        this.feed.follow([...this.views.keys()]);
      },
    });
  }

  async expandWidget(view) {
    try {
      const tab = await this.api.createTab({ name: view.layout.name || 'Widget', shared: false, layoutIds: [view.layout.id] });
      this.tabs = [...this.tabs, tab];
      await this.open(tab.id);
    } catch (error) {
      this.notice(`The widget could not get its own tab: ${error.message}`);
    }
  }
}
