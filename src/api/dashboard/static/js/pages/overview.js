// Brand overview: trend charts (volume by sentiment, mean sentiment with its interval, negative
// and likely-fake shares), the brand's trust index, open alerts and launches.
import { api, catalog } from '../api.js';
import { COLORS, meter, timeChart } from '../charts.js';
import { h, panel, unavailable } from '../dom.js';
import { compact, label, num, pct } from '../format.js';
import { RANGES, pick, trend, trendColumns, trustIndex } from '../reports.js';
import { alertRow, brandPicker, kv } from './common.js';
import { modelsPanel } from './models.js';

export async function render(root, { brandId, query }) {
  const cat = await catalog();
  if (!cat.brands.length) {
    root.append(h('h1', null, 'Overview'), panel('No brands yet',
      h('p', null, 'Create a brand with POST /api/brands (or run '), h('code', null, 'npm run demo'), ') to see trends here.'));
    return;
  }
  const brand = cat.brand(brandId) || cat.brands[0];
  const days = RANGES.some(([d]) => d === query.days) ? query.days : '7';
  const go = (id, d = days) => { location.hash = `#/brand/${id}${d !== '7' ? `?days=${d}` : ''}`; };

  const rangeSel = h('select', { id: 'range-pick', name: 'days' }, RANGES.map(([d, t]) => h('option', { value: d, selected: d === days }, t)));
  rangeSel.addEventListener('change', () => go(brand.id, rangeSel.value));
  root.append(
    h('div', { class: 'page-head' },
      h('h1', null, brand.name),
      h('div', { class: 'controls' }, brandPicker(cat.brands, brand.id, (id) => go(id)),
        h('div', { class: 'field inline' }, h('label', { for: 'range-pick' }, 'Range'), rangeSel))),
    brand.mission ? h('p', { class: 'mission' }, h('strong', null, 'Mission: '), brand.mission) : null);

  const [tr, ti, al, models, runs] = await Promise.allSettled([
    trend({ brandId: brand.id, days }), trustIndex(), api('/alerts', { query: { brandId: brand.id, status: 'open' } }),
    api(`/brands/${brand.id}/models`), api(`/brands/${brand.id}/rescore-runs`),
  ]);

  const grid = h('div', { class: 'grid' });
  root.append(grid);
  grid.append(tr.status === 'fulfilled' ? trendPanel(tr.value, `in the last ${days} days`) : unavailable('Trend', tr.reason));
  const side = h('div', { class: 'side' });
  grid.append(side);
  side.append(ti.status === 'fulfilled' ? trustPanel(ti.value, brand.id) : unavailable('Trust index', ti.reason));
  side.append(al.status === 'fulfilled' ? alertsPanel(al.value.items) : unavailable('Open alerts', al.reason));
  const launches = cat.launches.filter((l) => l.brandId === brand.id);
  side.append(panel('Launches and campaigns', launches.length
    ? h('ul', { class: 'plain' }, launches.map((l) => h('li', null, h('a', { href: `#/launch/${l.id}` }, l.name), h('span', { class: 'muted' }, ` · ${label(l.type)}${l.price ? ` · ${l.price}` : ''}`))))
    : h('p', { class: 'muted' }, 'None yet.')));
  side.append(models.status === 'fulfilled' ? modelsPanel(models.value.items, brand, runs.status === 'fulfilled' ? runs.value.items : []) : unavailable('Scoring models', models.reason));
  if (tr.status === 'fulfilled') root.append(extrasPanel(tr.value));
}

export function trendPanel(report, what) {
  const c = trendColumns(report);
  const t = report.totals || {};
  const range = report.range || {};
  const body = [
    h('p', { class: 'muted' }, `${num(t.volume)} mentions ${what}, ${pct(t.negativeShare)} negative, mean sentiment ${t.sentimentMean == null ? '–' : t.sentimentMean.toFixed(2)}. `,
      `${label(range.bucket || 'hour')}ly buckets, ${range.timeZone || 'UTC'} time.`),
    timeChart({ title: 'Mentions', x: c.x, summary: `Mentions per bucket; ${t.volume ?? 0} in total`,
      series: [
        { label: 'All mentions', values: c.volume, color: COLORS.volume },
        { label: 'Negative', values: c.neg, color: COLORS.neg, width: 2.5 },
      ] }),
    timeChart({ title: 'Mean sentiment (95% interval)', x: c.x, yRange: [-1, 1], summary: 'Mean sentiment from -1 to 1 per bucket',
      series: [
        { label: 'Mean', values: c.sentiment, color: COLORS.sentiment },
        { label: 'Low', values: c.lo, color: 'rgba(95,61,196,0.35)', width: 1, dash: [4, 4] },
        { label: 'High', values: c.hi, color: 'rgba(95,61,196,0.35)', width: 1, dash: [4, 4], bandWith: 1 },
      ] }),
    timeChart({ title: 'Negative and likely-fake share', x: c.x, percent: true, yRange: [0, 1], height: 180, summary: 'Share of negative and likely fake mentions',
      series: [
        { label: 'Negative', values: c.negShare, color: COLORS.neg },
        { label: 'Likely fake', values: c.fakeShare, color: COLORS.fake },
      ] }),
  ];
  return panel('Trend', ...body);
}

/** Trust index (src/reports/trust.ts): 0–100 with its components, weights and ranking. */
function trustPanel(report, brandId) {
  const rows = Array.isArray(report) ? report : pick(report, 'items', 'ranking', 'brands') || [];
  const row = rows.find((r) => r.brandId === brandId);
  if (!row || row.index == null) return panel('Trust index', h('p', { class: 'muted' }, 'Not enough data for this brand yet.'));
  const ranked = rows.filter((r) => r.index != null).length;
  return panel('Trust index',
    h('p', { class: 'big' }, h('span', { class: 'score' }, String(Math.round(row.index))), h('span', { class: 'muted' }, ` / 100 · rank ${row.rank ?? '–'} of ${ranked}`)),
    row.lowVolume ? h('p', { class: 'muted small' }, `Low confidence: only ${num(row.volume)} mentions.`) : null,
    h('table', { class: 'compact' },
      h('caption', { class: 'visually-hidden' }, 'Components of the trust index'),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Component'), h('th', { scope: 'col' }, 'Score'), h('th', { scope: 'col' }, 'Weight'))),
      h('tbody', null, (row.components || []).map((c) => h('tr', { title: c.detail },
        h('th', { scope: 'row' }, label(c.name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase())),
        h('td', null, meter(c.value, { label: `${c.name}: ${c.value == null ? 'no data' : Math.round(c.value * 100)}` }), ' ', c.value == null ? 'n/a' : String(Math.round(c.value * 100))),
        h('td', null, c.effectiveWeight ? pct(c.effectiveWeight) : h('span', { class: 'muted' }, 'left out')))))),
    rows.length > 1 ? h('details', null, h('summary', null, 'Ranking across brands'),
      h('ol', null, rows.filter((r) => r.index != null).map((r) => h('li', null, h('a', { href: `#/brand/${r.brandId}` }, r.brandName), ` ${Math.round(r.index)}`)))) : null);
}

function alertsPanel(items) {
  return panel('Open alerts', items.length
    ? h('ul', { class: 'plain' }, items.slice(0, 8).map((a) => alertRow(a)))
    : h('p', { class: 'muted' }, 'No open alerts.'),
  h('p', null, h('a', { href: '#/alerts' }, 'Open the alert inbox')));
}

/** Top aspects, rising terms, top authors and the split by source kind. */
function extrasPanel(report) {
  const aspects = pick(report, 'aspects.top') || [];
  const terms = pick(report, 'risingTerms.terms') || [];
  const authors = pick(report, 'topAuthors.authors') || [];
  const kinds = Object.entries(report.byKind || {});
  const lists = [];
  if (aspects.length) lists.push(h('div', null, h('h3', null, 'Top aspects'), h('ul', { class: 'plain' }, aspects.slice(0, 8).map((a) =>
    h('li', null, `${label(a.aspect)} `, polarityTag(a.polarity), h('span', { class: 'muted' }, ` ${num(a.mentions)} mentions`))))));
  if (terms.length) lists.push(h('div', null, h('h3', null, 'Rising terms'), h('ul', { class: 'plain' }, terms.slice(0, 8).map((t) =>
    h('li', null, t.term, h('span', { class: 'muted' }, ` ${pct(t.recentShare)} of recent vs ${pct(t.earlierShare)} before`))))));
  if (authors.length) lists.push(h('div', null, h('h3', null, 'Top authors and influencers'), h('ul', { class: 'plain' }, authors.slice(0, 8).map((a) =>
    h('li', null, a.author, a.influencer ? [' ', h('span', { class: 'tag flag' }, 'Influencer')] : null,
      h('span', { class: 'muted' }, ` ${compact(a.followers)} followers · ${num(a.mentions)} mentions`))))));
  if (kinds.length) lists.push(h('div', null, h('h3', null, 'By source kind'), kv(kinds.map(([k, m]) => [label(k), `${num(m.volume)} mentions, ${pct(m.negativeShare)} negative`]))));
  return lists.length ? panel('What people talk about', h('div', { class: 'cols' }, lists)) : h('div');
}

export function polarityTag(p) {
  return h('span', { class: ['tag', p === 'negative' ? 'neg' : p === 'positive' ? 'pos' : 'neu'] }, label(p || 'neutral'));
}
