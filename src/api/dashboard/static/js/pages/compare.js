// Compare view: pick two or more launches (or brands), see them side by side on the same
// measures, aligned on days since launch, with significant differences marked and the rest
// called noise.
import { catalog } from '../api.js';
import { COLORS, timeChart } from '../charts.js';
import { h, panel, unavailable } from '../dom.js';
import { label, num, pct, signed } from '../format.js';
import { compare } from '../reports.js';

const PALETTE = [COLORS.volume, COLORS.neg, COLORS.pos, COLORS.fake, COLORS.sentiment, COLORS.other];

export async function render(root, { query }) {
  const cat = await catalog();
  const type = query.type === 'brand' ? 'brand' : 'launch';
  const chosen = (query.ids || '').split(',').filter((s) => /^[0-9a-f]{24}$/.test(s));
  const options = type === 'brand' ? cat.brands.map((b) => [b.id, b.name]) : cat.launches.map((l) => [l.id, `${l.name} (${cat.brand(l.brandId)?.name ?? '?'})`]);

  const form = h('form', { class: 'compare-form', 'aria-describedby': 'cmp-help' },
    h('fieldset', null, h('legend', null, 'Compare'),
      ...['launch', 'brand'].map((t) => h('label', { class: 'inline' }, h('input', { type: 'radio', name: 'type', value: t, checked: t === type }), ` ${label(t)}s`))),
    h('fieldset', null, h('legend', null, type === 'brand' ? 'Brands' : 'Launches and campaigns'),
      options.length ? options.map(([id, name]) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'ids', value: id, checked: chosen.includes(id) }), ` ${name}`))
        : h('p', { class: 'muted' }, 'Nothing to compare yet.')),
    h('p', { id: 'cmp-help', class: 'muted' }, 'Choose two or more.'),
    h('button', { type: 'submit' }, 'Compare'));
  form.querySelectorAll('input[name=type]').forEach((r) => r.addEventListener('change', () => { location.hash = `#/compare?type=${r.value}`; }));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const ids = [...form.querySelectorAll('input[name=ids]:checked')].map((i) => i.value);
    const help = form.querySelector('#cmp-help');
    if (ids.length < 2) { help.textContent = 'Choose at least two to compare.'; help.classList.add('error'); return; }
    location.hash = `#/compare?type=${type}&ids=${ids.join(',')}`;
  });
  root.append(h('h1', null, 'Compare'), form);
  if (chosen.length < 2) return;
  try {
    root.append(result(await compare(type, chosen)));
  } catch (err) {
    root.append(unavailable('Comparison', err));
  }
}

const MEASURES = [
  ['volume', 'Mentions', num], ['sentimentMean', 'Mean sentiment', (v) => signed(v)], ['negativeShare', 'Negative share', (v) => pct(v, 1)],
  ['fakeShare', 'Likely fake', (v) => pct(v, 1)], ['mismatchRate', 'Mission mismatches', (v) => pct(v, 1)],
  ['undisclosedShare', 'Undisclosed (of influencer posts)', (v) => pct(v, 1)], ['reach', 'Reach', num],
];
const DIFFS = [['negativeShare', 'Negative share'], ['fakeShare', 'Likely fake share'], ['mismatchRate', 'Mission mismatch rate'], ['sentimentMean', 'Mean sentiment']];

const nameOf = (t) => (t.target ? t.target.launchName || t.target.brandName : t.key);

/** Compare report (src/reports/compare.ts): targets side by side, pairwise tests, aligned daily series. */
function result(r) {
  const targets = Array.isArray(r.targets) ? r.targets : [];
  const out = h('div');
  out.append(panel('Side by side', r.alignment ? h('p', { class: 'muted' }, `${r.alignment}; first ${num(r.days)} days.`) : null,
    h('div', { class: 'scroll' }, h('table', null,
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Measure'), targets.map((t) => h('th', { scope: 'col' }, `${t.key}: ${nameOf(t)}`)))),
      h('tbody', null, MEASURES.map(([k, name, fmt]) => h('tr', null, h('th', { scope: 'row' }, name), targets.map((t) => h('td', null, fmt(t.measures && t.measures[k]))))))))));
  const rows = [];
  for (const pair of r.differences || []) {
    for (const [k, name] of DIFFS) {
      const d = pair[k];
      if (!d) continue;
      const isShare = k !== 'sentimentMean';
      const diff = isShare ? `${d.diff > 0 ? '+' : ''}${(d.diff * 100).toFixed(1)} points` : signed(d.diff);
      rows.push(h('tr', { class: d.significant ? 'sig' : 'noise' },
        h('th', { scope: 'row' }, `${pair.aName} vs ${pair.bName}`), h('td', null, name), h('td', null, diff),
        h('td', null, d.pAdjusted < 0.001 ? 'p < 0.001' : `p = ${num(d.pAdjusted)}`, d.approximationOk === false ? h('span', { class: 'muted' }, ' (few events)') : null),
        h('td', null, d.effect ? label(d.effect) : '–'),
        h('td', null, h('span', { class: ['tag', d.significant ? 'neg' : 'neu'] }, d.significant ? 'Significant' : 'Noise'),
          d.verdict ? h('div', { class: 'muted small' }, d.verdict) : null)));
    }
  }
  out.append(panel('Differences', r.method && r.method.tests ? h('p', { class: 'muted small' }, r.method.tests) : null,
    rows.length ? h('div', { class: 'scroll' }, h('table', { class: 'diffs' },
      h('thead', null, h('tr', null, ['Pair', 'Measure', 'Difference (A − B)', 'Adjusted p', 'Effect', 'Verdict'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, rows))) : h('p', { class: 'muted' }, 'Not enough data to test differences.')));
  const chart = alignedChart(targets);
  if (chart) out.append(panel('Aligned on days since launch', chart));
  return out;
}

/** Daily negative share per target, aligned on day 0 = launch start. */
function alignedChart(targets) {
  const withSeries = targets.filter((t) => Array.isArray(t.series) && t.series.length);
  if (!withSeries.length) return null;
  const maxDay = Math.max(...withSeries.map((t) => t.series.length));
  const x = Array.from({ length: maxDay }, (_, i) => i);
  return timeChart({ title: 'Negative share by day since launch', x, time: false, percent: true, yRange: [0, 1], height: 200,
    summary: 'Daily negative share of each compared item',
    series: withSeries.map((t, i) => ({ label: `${t.key}: ${nameOf(t)}`, color: PALETTE[i % PALETTE.length],
      values: x.map((d) => { const p = t.series.find((s) => s.day === d); return p ? p.negativeShare : null; }) })) });
}
