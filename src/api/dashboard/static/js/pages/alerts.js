// The alert inbox: filter by status, read the evidence (figures, terms, sample mentions), and
// acknowledge or resolve. Buttons call the API and the card is redrawn from its answer.
import { api, catalog } from '../api.js';
import { extLink, h, say } from '../dom.js';
import { label, num, when } from '../format.js';
import { kv, severityTag, statusTag } from './common.js';

const STATUSES = [['open', 'Open'], ['acknowledged', 'Acknowledged'], ['resolved', 'Resolved'], ['', 'All']];

export async function render(root, { query }) {
  const status = STATUSES.some(([s]) => s === query.status) ? query.status : 'open';
  const cat = await catalog();
  const { items } = await api('/alerts', { query: { status: status || undefined } });
  root.append(h('h1', null, 'Alert inbox'),
    h('nav', { class: 'chips', 'aria-label': 'Alert status' }, STATUSES.map(([s, t]) =>
      h('a', { class: 'chip', href: `#/alerts${s ? `?status=${s}` : '?status='}`, 'aria-current': s === status ? 'true' : undefined }, t))));
  if (!items.length) { root.append(h('p', { class: 'muted' }, status ? `No ${status} alerts.` : 'No alerts.')); return; }
  const list = h('ol', { class: 'alerts' });
  for (const a of items) list.append(h('li', null, card(a, cat)));
  root.append(list);
  if (query.focus) {
    const target = list.querySelector(`[data-alert="${CSS.escape(query.focus)}"]`);
    if (target) requestAnimationFrame(() => { target.scrollIntoView({ block: 'start' }); target.querySelector('h2')?.focus(); });
  }
}

function card(a, cat) {
  const brand = cat.brand(a.brandId);
  const launch = a.launchId ? cat.launch(a.launchId) : undefined;
  const ev = a.evidence || {};
  const headingId = `alert-${a.id}`;
  const el = h('article', { class: ['alert', `sev-${a.severity}`], 'data-alert': a.id, 'aria-labelledby': headingId },
    h('header', null,
      severityTag(a.severity), ' ', statusTag(a.status), ' ',
      h('span', { class: 'muted' }, label(a.kind))),
    h('h2', { id: headingId, tabindex: '-1' }, a.title),
    h('p', { class: 'muted' },
      brand ? h('a', { href: `#/brand/${brand.id}` }, brand.name) : 'Unknown brand',
      launch ? [' · ', h('a', { href: `#/launch/${launch.id}` }, launch.name)] : null,
      ` · window ${when(a.windowStart)} – ${when(a.windowEnd)} · opened ${when(a.openedAt)}`),
    ev.summary ? h('p', { class: 'summary' }, ev.summary) : null,
    ev.figures && Object.keys(ev.figures).length ? kv(Object.entries(ev.figures).map(([k, v]) => [label(k.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()), num(v)])) : null,
    ev.topTerms && ev.topTerms.length ? h('p', null, h('strong', null, 'Top terms: '), ev.topTerms.join(', ')) : null,
    ev.topAspects && ev.topAspects.length ? h('p', null, h('strong', null, 'Aspects: '), ev.topAspects.join(', ')) : null,
    ev.samples && ev.samples.length ? h('details', { class: 'samples', open: true }, h('summary', null, `Sample mentions (${ev.samples.length})`),
      h('ul', null, ev.samples.slice(0, 5).map((s) => h('li', null,
        h('blockquote', { class: 'text' }, s.text),
        h('p', { class: 'muted small' }, s.author ? `${s.author} · ` : '', `engagement ${num(s.engagement)} `, s.url ? extLink(s.url, 'source') : null))))) : null,
    a.acknowledgedAt ? h('p', { class: 'muted small' }, `Acknowledged by ${a.acknowledgedBy || '?'} ${when(a.acknowledgedAt)}`) : null,
    a.resolvedAt ? h('p', { class: 'muted small' }, `Resolved by ${a.resolvedBy || '?'} ${when(a.resolvedAt)}`) : null,
    actions(a, cat));
  return el;
}

function actions(a, cat) {
  const msg = h('span', { class: 'muted', role: 'status' });
  const act = async (verb, btn) => {
    btn.disabled = true;
    msg.textContent = `${label(verb)}…`;
    try {
      const updated = await api(`/alerts/${a.id}/${verb}`, { method: 'POST', body: {} });
      const fresh = card(updated, cat);
      const old = btn.closest('article');
      old.replaceWith(fresh);
      fresh.querySelector('h2').focus();
      say(`Alert ${updated.status}`);
    } catch (err) {
      btn.disabled = false;
      msg.textContent = `Could not ${verb}: ${err.message}`;
    }
  };
  const buttons = [];
  if (a.status === 'open') buttons.push(h('button', { type: 'button', class: 'ack', onclick: (e) => act('acknowledge', e.currentTarget) }, 'Acknowledge'));
  if (a.status !== 'resolved') buttons.push(h('button', { type: 'button', class: 'resolve secondary', onclick: (e) => act('resolve', e.currentTarget) }, 'Resolve'));
  return h('div', { class: 'actions' }, buttons, msg);
}
