// Pieces several pages share: brand picker, mention cards, alert summaries.
import { extLink, h } from '../dom.js';
import { compact, label, pct, when } from '../format.js';

export function brandPicker(brands, current, onChange) {
  const sel = h('select', { id: 'brand-pick', name: 'brand' }, brands.map((b) => h('option', { value: b.id, selected: b.id === current }, b.name)));
  sel.addEventListener('change', () => onChange(sel.value));
  return h('div', { class: 'field inline' }, h('label', { for: 'brand-pick' }, 'Brand'), sel);
}

const SENT = { positive: 'pos', neutral: 'neu', negative: 'neg' };

/** One scraped mention: everything in it is hostile text and goes in as text nodes. */
export function mentionCard(m) {
  const s = m.scores || {};
  const sent = s.sentiment || {};
  const flags = Object.entries(m.flags || {}).filter(([, v]) => v).map(([k]) => k);
  const who = m.author ? (m.author.handle || m.author.name) : undefined;
  return h('article', { class: 'mention' },
    h('header', null,
      h('span', { class: ['tag', SENT[sent.label] || 'neu'] }, label(sent.label || 'unscored')),
      m.rating ? h('span', { class: 'muted' }, `${m.rating.value}/${m.rating.best}★`) : null,
      h('span', { class: 'muted' }, label(m.kind)),
      who ? h('span', { class: 'author' }, who, m.author.followers ? ` · ${compact(m.author.followers)} followers` : '') : null,
      h('time', { datetime: m.publishedAt, class: 'muted' }, when(m.publishedAt)),
      ...flags.map((f) => h('span', { class: 'tag flag' }, label(f)))),
    m.title ? h('h3', null, m.title) : null,
    h('p', { class: 'text' }, m.text),
    reasons(m),
    m.url ? h('p', { class: 'muted small' }, extLink(m.url, 'Open source page')) : null);
}

function reasons(m) {
  const s = m.scores || {};
  const items = [];
  if (s.sentiment && s.sentiment.reasons && s.sentiment.reasons.length) items.push(`Sentiment ${s.sentiment.score?.toFixed?.(2) ?? ''}${typeof s.sentiment.textScore === 'number' ? ` (the text alone ${s.sentiment.textScore.toFixed(2)})` : ''}: ${s.sentiment.reasons.slice(0, 3).join('; ')}`);
  if (s.fake && s.fake.likelihood >= 0.5) items.push(`Likely fake (${pct(s.fake.likelihood)}): ${(s.fake.reasons || []).slice(0, 3).join('; ')}`);
  for (const mm of (s.mission && s.mission.mismatches) || []) items.push(`Mission mismatch: ${mm.reason || mm.claim}`);
  if (s.mission && s.mission.alignment != null && s.mission.reasons && s.mission.reasons.length) items.push(`Mission fit: ${s.mission.reasons.join('; ')}`);
  if (s.sponsorship && s.sponsorship.sponsored && !s.sponsorship.disclosed) items.push(`Undisclosed sponsorship: ${(s.sponsorship.signals || []).join(', ')}`);
  else if (s.sponsorship && s.sponsorship.placement === 'buried') items.push(`Sponsorship disclosed but buried: ${(s.sponsorship.signals || []).filter((x) => x.startsWith('disclosure buried')).join(', ')}`);
  if (s.aspects && s.aspects.length) items.push(`Aspects: ${s.aspects.map((a) => `${a.aspect} (${a.polarity})`).join(', ')}`);
  if (!items.length) return null;
  return h('details', { class: 'why' }, h('summary', null, 'Why'), h('ul', null, items.map((t) => h('li', null, t))));
}

export function severityTag(sev) {
  return h('span', { class: ['tag', `sev-${sev}`] }, label(sev));
}

export function statusTag(st) {
  return h('span', { class: ['tag', `st-${st}`] }, label(st));
}

/** A compact alert row for the overview: links to the inbox entry. */
export function alertRow(a, brandName) {
  return h('li', { class: 'alert-row' },
    severityTag(a.severity), ' ',
    h('a', { href: `#/alerts?focus=${a.id}` }, a.title), ' ',
    h('span', { class: 'muted' }, `${label(a.kind)}${brandName ? ` · ${brandName}` : ''} · ${when(a.openedAt)}`));
}

export function kv(pairs) {
  return h('dl', { class: 'kv' }, pairs.filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
}
