// Entry point: session check, login form, dashboard, live connection state.
import { PulseApi } from './api.js';
import { LiveFeed } from './live.js';
import { ValueTable } from './values.js';
import { Board } from './board.js';

const $ = (id) => document.getElementById(id);
const elements = {
  login: $('login'), loginError: $('login-error'), board: $('board'), tabs: $('tabs'), notice: $('notice'),
  user: $('user'), logout: $('logout'), connection: $('connection'), dialog: $('editor'), addWidget: $('add-widget'),
};
const CONNECTION_TEXT = { connecting: 'connecting', live: 'live', 'live-sse': 'live (SSE)', reconnecting: 'reconnecting', offline: 'offline' };
// The scripts are served at <base>/wallboard/v-<hash>/: the API is mounted under the same route prefix as the page.
const base = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
const maxRate = Number(document.querySelector('meta[name="pulse-max-rate"]')?.content) || 4;

let board = null;
const values = new ValueTable();
const api = new PulseApi({ base, onUnauthorized: () => showLogin('Your session has ended; log in again.') });
const feed = new LiveFeed({
  base,
  maxRate,
  onValues: (changed, kind) => board?.onValues(changed, kind),
  onState: (state) => {
    elements.connection.dataset.state = state;
    elements.connection.textContent = CONNECTION_TEXT[state] ?? state;
    elements.connection.title = `Live updates: ${CONNECTION_TEXT[state] ?? state}; sequence gaps resynchronised: ${feed?.gaps ?? 0}`;
    elements.board.dataset.stale = String(state !== 'live' && state !== 'live-sse');
  },
  checkSession: async () => {
    try { await api.session(); return true; } catch (error) {
      if (error.status === 401) { showLogin('Your session has ended; log in again.'); return false; }
      return true;   // the server is down: keep trying
    }
  },
});

/** The tab the address asks for (#tab=<id>), or null. */
function wantedTab() {
  return new URLSearchParams(location.hash.slice(1)).get('tab');
}

function notice(text) {
  elements.notice.hidden = !text;
  elements.notice.textContent = text ?? '';
}

function showLogin(message) {
  feed.stop();
  board = null;
  elements.board.replaceChildren();
  elements.tabs.replaceChildren();
  elements.user.textContent = '';
  elements.logout.hidden = true;
  elements.addWidget.hidden = true;
  elements.login.hidden = false;
  elements.loginError.textContent = message ?? '';
  elements.login.elements.username.focus();
}

async function showBoard(session) {
  elements.login.hidden = true;
  elements.loginError.textContent = '';
  elements.user.textContent = session.user ?? '';
  elements.logout.hidden = false;
  notice(null);
  board = new Board({ api, feed, values, session, elements, notice });
  try {
    await board.load(wantedTab());
  } catch (error) {
    if (error.status !== 401) notice(`The dashboards could not be loaded: ${error.message}`);
  }
}

async function start() {
  try {
    showBoard(await api.session());
  } catch (error) {
    if (error.status === 401) showLogin();
    else { notice(`The server cannot be reached (${error.message}); retrying…`); setTimeout(start, 5000); }
  }
}

elements.login.addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = elements.login.elements;
  elements.loginError.textContent = '';
  try {
    await api.login(form.username.value, form.password.value);
    form.password.value = '';
    showBoard(await api.session());
  } catch (error) {
    elements.loginError.textContent = error.status === 401 ? 'Wrong user name or password.' : error.message;
  }
});

elements.logout.addEventListener('click', async () => {
  try { await api.logout(); } catch { /* logged out locally all the same */ }
  showLogin();
});

window.addEventListener('hashchange', () => {
  const wanted = wantedTab();
  if (board && wanted && wanted !== board.current?.id) board.open(wanted);
});

start();
