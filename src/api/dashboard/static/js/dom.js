// Building DOM without HTML strings. Scraped text is hostile input: it only ever reaches the page
// as text nodes (textContent), never through innerHTML, and links only keep http(s) URLs.

/**
 * h('p', { class: 'x', onclick: fn }, 'text', child, [more])
 * Strings and numbers become text nodes; null/undefined/false children are skipped.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'class') el.className = Array.isArray(v) ? v.filter(Boolean).join(' ') : v;
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k === 'href') el.setAttribute('href', safeHref(v));
      else if (k === 'style') throw new Error('no inline styles (CSP): use a class');
      else if (v === true) el.setAttribute(k, '');
      else el.setAttribute(k, String(v));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Only http(s) and same-page links; anything else (javascript:, data:) becomes '#'. */
export function safeHref(v) {
  const s = String(v);
  if (s.startsWith('#') || s.startsWith('/')) return s.startsWith('//') ? '#' : s;
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : '#';
  } catch {
    return '#';
  }
}

/** External link to a scraped URL: opens in a new tab without handing it our window. */
export function extLink(url, label) {
  const href = url ? safeHref(url) : '#';
  if (href === '#') return h('span', null, label);
  return h('a', { href, target: '_blank', rel: 'noopener noreferrer nofollow' }, label);
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

export function panel(title, ...body) {
  const id = `p-${Math.random().toString(36).slice(2, 8)}`;
  return h('section', { class: 'panel', 'aria-labelledby': id }, h('h2', { id }, title), ...body);
}

/** The panel shown when a report endpoint fails: says which, and why, without breaking the page. */
export function unavailable(title, err) {
  const why = err && err.problem ? (err.problem.detail || err.problem.title) : err && err.message ? err.message : 'unknown error';
  return h('section', { class: 'panel unavailable', role: 'status' },
    h('h2', null, title),
    h('p', null, h('strong', null, 'Report unavailable. '), `The server answered: ${why}`),
    err && err.status ? h('p', { class: 'muted' }, `HTTP ${err.status}`) : null);
}

export function loading(text = 'Loading…') {
  return h('p', { class: 'muted loading' }, text);
}

export function say(text) {
  const live = document.getElementById('live');
  if (live) { live.textContent = ''; live.textContent = text; }
}

export function field(label, control, hint) {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 8)}`;
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hint ? h('small', { class: 'muted' }, hint) : null);
}

export function select(name, options, value) {
  return h('select', { name }, options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
}
