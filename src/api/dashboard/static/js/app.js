// Hash router and shell: #/ (overview), #/brand/:id, #/launches, #/launch/:id, #/alerts,
// #/compare, #/sources. Each page module exports render(main, params) and builds its DOM
// with dom.js (text only, never HTML strings).
import { api, getKey, setKey, invalidate } from './api.js';
import { disposeCharts } from './charts.js';
import { clear, h, say } from './dom.js';
import * as overview from './pages/overview.js';
import * as launch from './pages/launch.js';
import * as alerts from './pages/alerts.js';
import * as compare from './pages/compare.js';
import * as sources from './pages/sources.js';

const routes = [
  [/^\/?$/, overview, 'overview', () => ({})],
  [/^\/brand\/([0-9a-f]{24})$/, overview, 'overview', (m) => ({ brandId: m[1] })],
  [/^\/launches$/, launch, 'launch', () => ({})],
  [/^\/launch\/([0-9a-f]{24})$/, launch, 'launch', (m) => ({ launchId: m[1] })],
  [/^\/alerts$/, alerts, 'alerts', () => ({})],
  [/^\/compare$/, compare, 'compare', () => ({})],
  [/^\/sources$/, sources, 'sources', () => ({})],
];

const main = document.getElementById('main');
let generation = 0;

async function route() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, qs] = raw.split('?');
  const query = Object.fromEntries(new URLSearchParams(qs || ''));
  const hit = routes.find(([re]) => re.test(path));
  const gen = ++generation;
  clear(main);
  disposeCharts();
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (hit && a.dataset.nav === hit[2]) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  if (!hit) {
    main.append(h('h1', null, 'Not found'), h('p', null, 'No such page. ', h('a', { href: '#/' }, 'Go to the overview')));
    return;
  }
  const [re, page, , params] = hit;
  main.setAttribute('aria-busy', 'true');
  try {
    // A page renders into a detached container; a slower earlier navigation never overwrites a newer one.
    const box = h('div', { class: 'page' });
    await page.render(box, { ...params(path.match(re)), query });
    if (gen !== generation) return;
    main.append(box);
    const title = box.querySelector('h1');
    document.title = title ? `${title.textContent} · TrustLens` : 'TrustLens';
    if (document.activeElement && document.activeElement !== document.body && !main.contains(document.activeElement)) main.focus();
    say(`${document.title} loaded`);
  } catch (err) {
    if (gen !== generation) return;
    main.append(h('h1', null, 'Something went wrong'), h('p', { role: 'alert' }, err.message || String(err)));
  } finally {
    if (gen === generation) main.removeAttribute('aria-busy');
  }
  refreshAlertCount();
}

async function refreshAlertCount() {
  const badge = document.getElementById('alert-count');
  try {
    const r = await api('/alerts', { query: { status: 'open', limit: 500 } });
    badge.textContent = String(r.items.length);
    badge.hidden = r.items.length === 0;
    badge.setAttribute('aria-label', `${r.items.length} open`);
  } catch {
    badge.hidden = true;
  }
}

function setupKey() {
  const form = document.getElementById('key-form');
  const input = document.getElementById('api-key');
  const state = document.getElementById('key-state');
  const show = () => { state.textContent = getKey() ? 'A key is set for this tab.' : 'No key set (fine on a local server).'; };
  show();
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    setKey(input.value.trim());
    input.value = '';
    invalidate();
    show();
    hideBanner();
    route();
  });
  document.getElementById('key-forget').addEventListener('click', () => { setKey(''); invalidate(); show(); route(); });
  document.addEventListener('trustlens:unauthorized', () => {
    const banner = document.getElementById('banner');
    banner.textContent = 'This server needs an API key: open "API key" at the top right and paste one.';
    banner.hidden = false;
    document.getElementById('keybox').open = true;
  });
}

function hideBanner() { document.getElementById('banner').hidden = true; }

setupKey();
window.addEventListener('hashchange', route);
route();
