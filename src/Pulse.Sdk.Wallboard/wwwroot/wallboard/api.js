// The Pulse service API (docs/api.md): JSON bodies, errors as {"message"}, lists as {"uscn","items"}.
// The session cookie (pulse_session) travels with every same-origin request. Paths are below `base`, the route
// prefix Pulse is mounted under ('' at the root, '/pulse' for app.MapGroup("/pulse")).

/** An answer other than 2xx: the status and the server's message. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

export class PulseApi {
  /** onUnauthorized is called on any 401 except the login's own. */
  constructor({ onUnauthorized = () => {}, fetchImpl = (...args) => fetch(...args), base = '' } = {}) {
    this.onUnauthorized = onUnauthorized;
    this.base = base;
    this.fetch = fetchImpl;
  }

  async request(method, path, body, { quietUnauthorized = false } = {}) {
    const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await this.fetch(this.base + path, init);
    } catch (error) {
      throw new ApiError(0, `The server cannot be reached (${error.message})`);
    }
    if (response.status === 204) return null;
    const text = await response.text();
    let data = null;
    if (text) {
      try { data = JSON.parse(text); } catch { data = null; }
    }
    if (!response.ok) {
      if (response.status === 401 && !quietUnauthorized) this.onUnauthorized();
      const message = data && typeof data.message === 'string' ? data.message : `${response.status} ${response.statusText}`;
      throw new ApiError(response.status, message);
    }
    return data;
  }

  async list(path) {
    const answer = await this.request('GET', path);
    return Array.isArray(answer?.items) ? answer.items.filter((item) => !item.deleted) : [];
  }

  // --- session ---
  login(username, password) { return this.request('POST', '/api/session/login', { username, password }, { quietUnauthorized: true }); }
  logout() { return this.request('POST', '/api/session/logout', undefined, { quietUnauthorized: true }); }
  session() { return this.request('GET', '/api/session', undefined, { quietUnauthorized: true }); }

  // --- metadata ---
  templates() { return this.list('/api/wbrt/templates'); }
  tabs() { return this.list('/api/wbrt/tabs'); }
  tab(id) { return this.request('GET', `/api/wbrt/tabs/${encodeURIComponent(id)}`); }
  createTab(tab) { return this.request('POST', '/api/wbrt/tabs', tab); }
  layout(id) { return this.request('GET', `/api/wbrt/layouts/${encodeURIComponent(id)}`); }
  saveLayout(layout) { return this.request('PUT', `/api/wbrt/layouts/${encodeURIComponent(layout.id)}`, layout); }
  createWidget(widget) { return this.request('POST', '/api/wbrt/widgets', widget); }
  objects(type) { return this.list(`/api/wbrt/objects?type=${encodeURIComponent(type)}`); }

  /** The history of one statistic of one object of a layout: [{ time, value }]. */
  async history(layoutId, { object, alias, resolution, from, to }) {
    const query = new URLSearchParams({ object: `${object.type}:${object.id}`, alias });
    if (resolution) query.set('resolution', resolution);
    if (from) query.set('from', from.toISOString());
    if (to) query.set('to', to.toISOString());
    const answer = await this.request('GET', `/api/wbrt/layouts/${encodeURIComponent(layoutId)}/history?${query}`);
    return Array.isArray(answer?.points) ? answer.points : [];
  }
}
