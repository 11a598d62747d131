// Live values: a WebSocket to /api/live (subscribe, snapshot, deltas with seq), with resync on a seq gap,
// reconnection with exponential backoff, and Server-Sent Events (/api/live/sse) when WebSockets do not work.

/** Delay before reconnect attempt n (0-based): 0.5 s doubling to 15 s, with jitter so a wall of screens spreads out. */
export function backoffDelay(attempt, random = Math.random) {
  const base = Math.min(15000, 500 * 2 ** Math.min(attempt, 10));
  return Math.round(base * (0.5 + random() / 2));
}

/** WebSocket attempts that never opened before the feed switches to Server-Sent Events. */
export const WEBSOCKET_ATTEMPTS_BEFORE_SSE = 2;

/** Silence (no message, not even a heartbeat) after which the connection counts as dead. */
export const SILENCE_LIMIT_MS = 30000;

export class LiveFeed {
  /**
   * onValues(values, kind): kind 'snapshot' (replaces everything the subscription covers) or 'delta'.
   * onState(state): 'connecting', 'live', 'live-sse', 'reconnecting', 'offline'.
   * checkSession(): resolves false when the user is no longer logged in; the feed then stops.
   * base: the route prefix the API is mounted under ('' at the root, '/pulse').
   */
  constructor({ maxRate = 4, onValues, onState = () => {}, checkSession = async () => true,
    WebSocketImpl = globalThis.WebSocket, EventSourceImpl = globalThis.EventSource, location = globalThis.location, base = '' } = {}) {
    this.maxRate = maxRate;
    this.onValues = onValues;
    this.onState = onState;
    this.checkSession = checkSession;
    this.WebSocketImpl = WebSocketImpl;
    this.EventSourceImpl = EventSourceImpl;
    this.location = location;
    this.base = base;
    this.layouts = [];
    this.subCount = 0;
    this.sub = null;
    this.lastSeq = null;        // null: waiting for a snapshot
    this.transport = WebSocketImpl ? 'ws' : 'sse';
    this.failedOpens = 0;       // WebSocket attempts in a row that never opened
    this.attempt = 0;           // reconnect attempts since the last good message
    this.socket = null;
    this.source = null;
    this.retryTimer = null;
    this.silenceTimer = null;
    this.stopped = true;
    this.gaps = 0;              // seq gaps seen (shown in the connection tooltip)
  }

  /** Follows these layouts from now on (replacing the previous subscription). An empty list disconnects. */
  follow(layoutIds) {
    this.layouts = [...layoutIds];
    this.stopped = this.layouts.length === 0;
    if (this.stopped) { this.close(); this.onState('offline'); return; }
    if (this.transport === 'ws' && this.socket?.readyState === 1) {
      this.subscribe();
    } else if (!this.socket && !this.retryTimer) {
      this.close();
      this.connect();
    } else if (this.transport === 'sse') {
      this.close();
      this.connect();
    }
  }

  /** Stops for good (logout). */
  stop() {
    this.stopped = true;
    this.layouts = [];
    this.close();
    this.onState('offline');
  }

  connect() {
    if (this.stopped) return;
    this.onState(this.attempt === 0 ? 'connecting' : 'reconnecting');
    if (this.transport === 'ws') this.openSocket(); else this.openEventSource();
  }

  openSocket() {
    const scheme = this.location.protocol === 'https:' ? 'wss:' : 'ws:';
    let socket;
    try {
      socket = new this.WebSocketImpl(`${scheme}//${this.location.host}${this.base}/api/live`);
    } catch {
      this.failedOpens = WEBSOCKET_ATTEMPTS_BEFORE_SSE;
      this.dropped(false);
      return;
    }
    this.socket = socket;
    let opened = false;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      opened = true;
      this.failedOpens = 0;
      this.subscribe();
      this.watchSilence();
    };
    socket.onmessage = (event) => {
      if (this.socket !== socket) return;
      this.watchSilence();
      let message;
      try { message = JSON.parse(event.data); } catch { return; }
      this.handle(message);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (!opened) this.failedOpens += 1;
      // 1008 (policy violation): the server withdrew the user's rights; ask about the session before retrying.
      this.dropped(opened && event?.code !== 1008);
    };
    socket.onerror = () => {};   // a close event follows
  }

  subscribe() {
    if (this.sub) this.send({ op: 'unsubscribe', sub: this.sub });
    this.subCount += 1;
    this.sub = `s${this.subCount}`;
    this.lastSeq = null;
    this.send({ op: 'subscribe', sub: this.sub, layouts: this.layouts, maxRate: this.maxRate });
  }

  send(message) {
    if (this.socket?.readyState === 1) this.socket.send(JSON.stringify(message));
  }

  openEventSource() {
    const query = new URLSearchParams({ layouts: this.layouts.join(','), maxRate: String(this.maxRate) });
    const source = new this.EventSourceImpl(`${this.base}/api/live/sse?${query}`);
    this.source = source;
    this.sub = null;
    this.lastSeq = null;
    const on = (type) => source.addEventListener(type, (event) => {
      if (this.source !== source) return;
      this.watchSilence();
      let message;
      try { message = JSON.parse(event.data); } catch { return; }
      this.handle({ ...message, type: message.type ?? type, sub: null });
    });
    on('snapshot'); on('delta'); on('heartbeat'); on('error');
    source.onopen = () => { if (this.source === source) this.watchSilence(); };
    source.onerror = () => {
      if (this.source !== source) return;
      // EventSource retries by itself while CONNECTING; once CLOSED (e.g. 401) it is up to us.
      if (source.readyState === 2) { this.source = null; source.close(); this.dropped(false); }
      else this.onState('reconnecting');
    };
  }

  handle(message) {
    switch (message.type) {
      case 'heartbeat':
        return;
      case 'error':
        console.warn('live:', message.message);
        return;
      case 'snapshot':
        if (message.sub !== this.sub) return;
        this.lastSeq = message.seq;
        this.attempt = 0;
        this.onState(this.transport === 'ws' ? 'live' : 'live-sse');
        this.onValues(message.values ?? [], 'snapshot');
        return;
      case 'delta':
        if (message.sub !== this.sub || this.lastSeq === null) return;
        if (message.seq !== this.lastSeq + 1) {
          this.gaps += 1;
          this.resync();
          return;
        }
        this.lastSeq = message.seq;
        this.onValues(message.values ?? [], 'delta');
        return;
      default:
        return;
    }
  }

  /** A message was lost: ask for a new snapshot and ignore deltas until it comes. */
  resync() {
    this.lastSeq = null;
    if (this.transport === 'ws') {
      this.send({ op: 'resync', sub: this.sub });
    } else {
      // SSE cannot talk back; a new connection starts with a snapshot.
      this.close();
      this.connect();
    }
  }

  watchSilence() {
    clearTimeout(this.silenceTimer);
    this.silenceTimer = setTimeout(() => {
      // No heartbeat for too long: the connection is dead even if the browser has not noticed.
      if (this.socket) { const s = this.socket; this.socket = null; s.close(); this.dropped(true); }
      else if (this.source) { const s = this.source; this.source = null; s.close(); this.dropped(true); }
    }, SILENCE_LIMIT_MS);
  }

  async dropped(hadOpened) {
    clearTimeout(this.silenceTimer);
    // The server forgets subscriptions with the connection: the next one starts afresh with a snapshot.
    this.sub = null;
    this.lastSeq = null;
    if (this.stopped) return;
    if (this.transport === 'ws' && this.failedOpens >= WEBSOCKET_ATTEMPTS_BEFORE_SSE && this.EventSourceImpl) {
      this.transport = 'sse';
      this.attempt = 0;
    }
    this.onState('reconnecting');
    if (!hadOpened && !(await this.checkSession())) { this.stop(); return; }
    const delay = backoffDelay(this.attempt);
    this.attempt += 1;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => { this.retryTimer = null; this.connect(); }, delay);
  }

  close() {
    clearTimeout(this.retryTimer);
    clearTimeout(this.silenceTimer);
    this.retryTimer = null;
    if (this.socket) { const s = this.socket; this.socket = null; s.close(); }
    if (this.source) { const s = this.source; this.source = null; s.close(); }
    this.sub = null;
    this.lastSeq = null;
  }
}
