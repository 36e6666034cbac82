// Launch page: reception in the first 24 h / 72 h / 7 days against the brand's baseline, what
// people praise and complain about, the launch's trend and sample mentions.
import { api, catalog } from '../api.js';
import { extLink, h, panel, unavailable } from '../dom.js';
import { compact, day, label, num, pct, signed } from '../format.js';
import { reception, trend } from '../reports.js';
import { polarityTag, trendPanel } from './overview.js';
import { kv, mentionCard } from './common.js';

export async function render(root, { launchId, query }) {
  const cat = await catalog();
  if (!launchId) return list(root, cat);
  const l = cat.launch(launchId);
  if (!l) { root.append(h('h1', null, 'Launch not found'), h('p', null, h('a', { href: '#/launches' }, 'All launches'))); return; }
  const brand = cat.brand(l.brandId);
  root.append(
    h('p', { class: 'crumbs' }, h('a', { href: `#/brand/${l.brandId}` }, brand ? brand.name : 'Brand'), ' › ', label(l.type)),
    h('h1', null, l.name),
    kv([['Started', day(l.startAt)], ['Ends', l.endAt ? day(l.endAt) : undefined], ['Price', l.price], ['Products', l.products.join(', ')], ['Promises', l.promises.join('; ')]]));

  const filter = query.label && ['negative', 'positive', 'neutral'].includes(query.label) ? query.label : undefined;
  const [rec, tr, ms] = await Promise.allSettled([
    reception(l.id),
    trend({ brandId: l.brandId, launchId: l.id, bucket: Date.now() - Date.parse(l.startAt) > 10 * 86400_000 ? 'day' : 'hour' }),
    api('/mentions', { query: { launchId: l.id, limit: 20, label: filter } }),
  ]);
  root.append(rec.status === 'fulfilled' ? receptionPanel(rec.value) : unavailable('Reception', rec.reason));
  const grid = h('div', { class: 'grid' });
  root.append(grid);
  grid.append(tr.status === 'fulfilled' ? trendPanel(tr.value, 'around the launch') : unavailable('Trend', tr.reason));
  grid.append(rec.status === 'fulfilled' ? aspectsPanel(rec.value) : h('div'));
  root.append(ms.status === 'fulfilled' ? mentionsPanel(ms.value.items, l.id, filter) : unavailable('Mentions', ms.reason));
}

function list(root, cat) {
  root.append(h('h1', null, 'Launches and campaigns'));
  if (!cat.launches.length) { root.append(h('p', { class: 'muted' }, 'No launches yet.')); return; }
  root.append(h('table', null,
    h('thead', null, h('tr', null, ['Name', 'Brand', 'Type', 'Started', 'Price'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, cat.launches.map((l) => h('tr', null,
      h('th', { scope: 'row' }, h('a', { href: `#/launch/${l.id}` }, l.name)),
      h('td', null, cat.brand(l.brandId)?.name ?? '?'), h('td', null, label(l.type)), h('td', null, day(l.startAt)), h('td', null, l.price || '–'))))));
}

const MEASURES = [
  ['volume', 'Mentions', num],
  ['sentimentMean', 'Mean sentiment', (v) => signed(v)],
  ['negativeShare', 'Negative share', (v) => pct(v, 1)],
  ['fakeShare', 'Likely fake', (v) => pct(v, 1)],
  ['mismatchRate', 'Mission mismatches', (v) => pct(v, 1)],
  ['undisclosed', 'Undisclosed sponsorships', num],
  ['reach', 'Reach', compact],
];

/** Reception (src/reports/reception.ts): baseline vs the 24 h / 72 h / 7 d windows, in words and figures. */
function receptionPanel(r) {
  const windows = Array.isArray(r.windows) ? r.windows : [];
  const cols = [{ name: `Baseline (${r.baseline ? r.baseline.days : '?'} days before)`, m: r.baseline ? r.baseline.measures : {} },
    ...windows.map((w) => ({ name: `First ${w.name}${w.complete ? '' : ` (so far, ${w.hoursObserved} h)`}`, m: w[w.basis] || w.launch || {} }))];
  const sig = windows.flatMap((w) => Object.values(w.changes || {}).filter((d) => d && d.significant).map((d) => `${w.name}: ${label(d.measure)} ${d.diff > 0 ? 'up' : 'down'} (${d.effect || 'n/a'} effect, p = ${num(d.pAdjusted)})`));
  return panel('Reception',
    Array.isArray(r.summary) && r.summary.length ? h('ul', { class: 'summary-list' }, r.summary.map((s) => h('li', null, s))) : null,
    h('div', { class: 'scroll' }, h('table', null,
      h('caption', null, 'Launch windows against the brand\'s baseline before the launch'),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Measure'), cols.map((c) => h('th', { scope: 'col' }, c.name)))),
      h('tbody', null, MEASURES.map(([key, name, fmt]) => h('tr', null, h('th', { scope: 'row' }, name), cols.map((c) => h('td', null, fmt(c.m[key])))))))),
    sig.length ? h('p', null, h('strong', null, 'Significant changes: '), sig.join('; ')) : h('p', { class: 'muted' }, 'No change against the baseline is statistically significant yet.'));
}

function aspectsPanel(r) {
  const w = [...(r.windows || [])].reverse().find((x) => (x.praised && x.praised.length) || (x.complaints && x.complaints.length));
  const praise = w ? w.praised : [];
  const complaints = w ? w.complaints : [];
  const item = (a) => h('li', null, label(a.aspect), ' ', polarityTag(a.polarity), h('span', { class: 'muted' }, ` ${num(a.mentions)} mentions (+${num(a.positive)} / −${num(a.negative)})`));
  const samples = r.samples || {};
  const quotes = (title, list) => (list && list.length ? h('div', null, h('h3', null, title), h('ul', { class: 'plain quotes' }, list.slice(0, 3).map((m) =>
    h('li', null, h('blockquote', { class: 'text' }, m.text), h('p', { class: 'muted small' }, m.author ? `${m.author} · ` : '', label(m.kind), m.url ? [' · ', extLink(m.url, 'source')] : null))))) : null);
  return panel('What people praise and complain about',
    h('div', { class: 'cols' },
      h('div', null, h('h3', null, 'Praised'), praise.length ? h('ul', { class: 'plain' }, praise.slice(0, 6).map(item)) : h('p', { class: 'muted' }, 'Nothing yet.')),
      h('div', null, h('h3', null, 'Complaints'), complaints.length ? h('ul', { class: 'plain' }, complaints.slice(0, 6).map(item)) : h('p', { class: 'muted' }, 'Nothing yet.'))),
    quotes('Most engaged praise', samples.praise), quotes('Most engaged complaints', samples.complaints), quotes('Suspected fake', samples.suspectedFake));
}

function mentionsPanel(items, launchId, filter) {
  const links = [['', 'All'], ['negative', 'Negative'], ['positive', 'Positive'], ['neutral', 'Neutral']].map(([v, t]) =>
    h('a', { href: `#/launch/${launchId}${v ? `?label=${v}` : ''}`, class: 'chip', 'aria-current': (filter || '') === v ? 'true' : undefined }, t));
  return panel('Sample mentions', h('p', { class: 'chips' }, links),
    items.length ? h('div', { class: 'mentions' }, items.map(mentionCard)) : h('p', { class: 'muted' }, 'No mentions yet.'));
}
