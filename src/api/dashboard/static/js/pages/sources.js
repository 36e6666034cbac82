// Source management: list a brand's sources, run / pause / resume them, read their last runs and
// errors, and add a source with a form. "Test recipe" sends the definition to the API (which
// validates the recipe with the scrapers' own schema) and shows the problem+json `errors`.
import { api, catalog, invalidate } from '../api.js';
import { clear, extLink, field, h, panel, say, select } from '../dom.js';
import { ago, label, when } from '../format.js';
import { brandPicker } from './common.js';

const KINDS = [['feed', 'Feed (RSS / Atom)'], ['schema-reviews', 'Review pages (schema.org)'], ['recipe', 'Selector recipe'], ['browser', 'Browser recipe'], ['json-api', 'JSON API']];
const MENTION_KINDS = [['', '(default for the kind)'], ['review', 'Review'], ['social', 'Social'], ['influencer', 'Influencer'], ['news', 'News']];
const APIS = [['', '–'], ['appstore', 'App Store'], ['reddit', 'Reddit'], ['hn', 'Hacker News'], ['mastodon', 'Mastodon']];
const RECIPE_EXAMPLE = '{\n  "item": ".post",\n  "fields": { "text": ".body", "author": ".author", "date": { "selector": "time", "attr": "datetime" } },\n  "next": "a.next"\n}';

export async function render(root, { query }) {
  const cat = await catalog();
  root.append(h('h1', null, 'Sources'));
  if (!cat.brands.length) { root.append(h('p', { class: 'muted' }, 'Create a brand first.')); return; }
  const brand = cat.brand(query.brandId) || cat.brands[0];
  root.append(brandPicker(cat.brands, brand.id, (id) => { location.hash = `#/sources?brandId=${id}`; }));
  const listBox = h('div');
  const runsBox = h('div', { id: 'runs', tabindex: '-1' });
  root.append(listBox, runsBox, formPanel(cat, brand, () => loadList(listBox, runsBox, brand, cat)));
  await loadList(listBox, runsBox, brand, cat);
}

async function loadList(box, runsBox, brand, cat) {
  let items;
  try {
    ({ items } = await api('/sources', { query: { brandId: brand.id } }));
  } catch (err) {
    clear(box).append(panel(`Sources of ${brand.name}`, h('p', { role: 'alert' }, err.message)));
    return;
  }
  const rows = items.map((s) => h('tr', { 'data-source': s.id },
    h('th', { scope: 'row' }, s.name, s.launchId ? h('div', { class: 'muted small' }, cat.launch(s.launchId)?.name ?? '') : null),
    h('td', null, label(s.kind)),
    h('td', { class: 'url' }, s.url ? extLink(s.url, s.url) : `${s.api ?? ''} ${s.query ?? ''}`),
    h('td', null, h('code', null, s.schedule)),
    h('td', null, h('span', { class: ['tag', s.enabled ? 'pos' : 'neu'] }, s.enabled ? 'Active' : 'Paused'),
      s.state && s.state.lastSeenAt ? h('div', { class: 'muted small' }, `last item ${ago(s.state.lastSeenAt)}`) : null),
    h('td', { class: 'actions' },
      h('button', { type: 'button', onclick: () => showRuns(runsBox, s) }, 'Runs', h('span', { class: 'visually-hidden' }, ` of ${s.name}`)),
      h('button', { type: 'button', class: 'secondary', onclick: (e) => act(e.currentTarget, s, 'run', box, runsBox, brand, cat) }, 'Run now'),
      h('button', { type: 'button', class: 'secondary', onclick: (e) => act(e.currentTarget, s, s.enabled ? 'pause' : 'resume', box, runsBox, brand, cat) }, s.enabled ? 'Pause' : 'Resume'))));
  clear(box).append(panel(`Sources of ${brand.name}`, items.length
    ? h('div', { class: 'scroll' }, h('table', { class: 'sources' },
      h('thead', null, h('tr', null, ['Name', 'Kind', 'URL / query', 'Schedule', 'State', 'Actions'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, rows)))
    : h('p', { class: 'muted' }, 'No sources yet: add one below.')));
}

async function act(btn, s, verb, box, runsBox, brand, cat) {
  btn.disabled = true;
  try {
    await api(`/sources/${s.id}/${verb}`, { method: 'POST' });
    say(verb === 'run' ? `${s.name}: run queued` : `${s.name}: ${verb}d`);
    if (verb === 'run') { btn.disabled = false; setTimeout(() => showRuns(runsBox, s), 1500); } else await loadList(box, runsBox, brand, cat);
  } catch (err) {
    btn.disabled = false;
    say(`Could not ${verb} ${s.name}: ${err.message}`);
    btn.after(h('span', { class: 'error small', role: 'alert' }, ` ${err.message}`));
  }
}

async function showRuns(box, s) {
  clear(box).append(panel(`Last runs of ${s.name}`, h('p', { class: 'muted' }, 'Loading…')));
  let items;
  try {
    ({ items } = await api(`/sources/${s.id}/runs`));
  } catch (err) {
    clear(box).append(panel(`Last runs of ${s.name}`, h('p', { role: 'alert' }, err.message)));
    return;
  }
  clear(box).append(panel(`Last runs of ${s.name}`,
    h('p', null, h('button', { type: 'button', class: 'secondary', onclick: () => showRuns(box, s) }, 'Refresh')),
    items.length ? h('div', { class: 'scroll' }, h('table', { class: 'runs' },
      h('thead', null, h('tr', null, ['Started', 'Status', 'Fetched', 'New', 'Skipped', 'Errors', 'Messages'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, items.map((r) => h('tr', null,
        h('td', null, when(r.startedAt)),
        h('td', null, h('span', { class: ['tag', r.status === 'ok' ? 'pos' : r.status === 'failed' ? 'neg' : 'neu'] }, label(r.status))),
        h('td', null, String(r.fetched)), h('td', null, String(r.new)), h('td', null, String(r.skipped)), h('td', null, String(r.errors)),
        h('td', null, r.messages.length ? h('ul', { class: 'messages' }, r.messages.map((m) => h('li', null, m))) : '–'))))))
      : h('p', { class: 'muted' }, 'No runs yet.')));
  box.focus();
}

function formPanel(cat, brand, reload) {
  const launches = [['', '(none: the whole brand)'], ...cat.launches.filter((l) => l.brandId === brand.id).map((l) => [l.id, l.name])];
  const ctl = {
    launchId: select('launchId', launches, ''),
    name: h('input', { name: 'name', required: true, maxlength: 200 }),
    kind: select('kind', KINDS, 'feed'),
    url: h('input', { name: 'url', type: 'url', placeholder: 'https://…', inputmode: 'url' }),
    api: select('api', APIS, ''),
    query: h('input', { name: 'query' }),
    mentionKind: select('mentionKind', MENTION_KINDS, ''),
    schedule: h('input', { name: 'schedule', value: '*/30 * * * *', spellcheck: 'false' }),
    recipe: h('textarea', { name: 'recipe', rows: 8, spellcheck: 'false', placeholder: RECIPE_EXAMPLE }),
    enabled: h('input', { name: 'enabled', type: 'checkbox', checked: true }),
  };
  const errors = h('div', { class: 'form-errors', role: 'alert', tabindex: '-1' });
  const result = h('p', { role: 'status', class: 'result' });
  const form = h('form', { class: 'source-form', novalidate: true },
    h('p', { class: 'muted' }, `For brand ${brand.name}.`),
    errors,
    h('div', { class: 'form-grid' },
      field('Name', ctl.name),
      field('Launch or campaign', ctl.launchId),
      field('Kind', ctl.kind),
      field('URL', ctl.url, 'For feeds, review pages and recipes.'),
      field('API', ctl.api, 'For JSON API sources.'),
      field('Query', ctl.query, 'App id, search terms or tag (JSON API).'),
      field('Mention kind', ctl.mentionKind),
      field('Schedule (cron)', ctl.schedule, '5 fields, or 6 with seconds first.')),
    field('Recipe (JSON)', ctl.recipe, 'Selector recipe for recipe and browser sources; pagination options for review pages.'),
    h('div', { class: 'field inline' }, ctl.enabled, h('label', { for: ctl.enabled.id || (ctl.enabled.id = 'f-enabled') }, 'Start on its schedule')),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', id: 'test-recipe' }, 'Test recipe'),
      h('button', { type: 'submit' }, 'Add source')),
    result);

  const definition = () => {
    const body = { brandId: brand.id, name: ctl.name.value.trim(), kind: ctl.kind.value, schedule: ctl.schedule.value.trim(), enabled: ctl.enabled.checked };
    for (const k of ['launchId', 'url', 'api', 'query', 'mentionKind']) { const v = ctl[k].value.trim(); if (v) body[k] = v; }
    const raw = ctl.recipe.value.trim();
    if (raw) {
      try { body.recipe = JSON.parse(raw); } catch (err) { throw Object.assign(new Error('The recipe is not valid JSON'), { errors: [{ path: 'body.recipe', message: `not valid JSON: ${err.message}` }] }); }
    }
    return body;
  };

  const showErrors = (list, headline) => {
    clear(errors);
    for (const c of Object.values(ctl)) { c.removeAttribute('aria-invalid'); c.removeAttribute('aria-describedby'); }
    form.querySelectorAll('.field-error').forEach((e) => e.remove());
    if (!list || !list.length) return;
    errors.append(h('p', null, h('strong', null, headline)), h('ul', null, list.map((e) => h('li', null, `${e.path || 'definition'}: ${e.message}`))));
    for (const [i, e] of list.entries()) {
      // 'body.recipe.fields.text' → the recipe control; 'url' → the url control.
      const key = String(e.path || '').replace(/^body\./, '').split('.')[0];
      const c = ctl[key];
      if (!c) continue;
      const id = `err-${key}-${i}`;
      c.setAttribute('aria-invalid', 'true');
      c.setAttribute('aria-describedby', [c.getAttribute('aria-describedby'), id].filter(Boolean).join(' '));
      c.after(h('small', { class: 'field-error error', id }, e.message));
    }
    errors.focus();
  };

  const send = async (testOnly) => {
    result.textContent = '';
    let body;
    try { body = definition(); } catch (err) { showErrors(err.errors, err.message); return; }
    if (!body.name && testOnly) body.name = 'recipe test';
    try {
      // A test saves the source paused (so nothing runs) and deletes it at once: validation is the
      // API's own, with the scrapers' recipe schema, and nothing is left behind.
      const saved = await api('/sources', { method: 'POST', body: testOnly ? { ...body, enabled: false } : body });
      if (testOnly) {
        await api(`/sources/${saved.id}`, { method: 'DELETE' });
        showErrors([]);
        result.textContent = 'The definition is valid: the API accepted this source and recipe.';
      } else {
        showErrors([]);
        result.textContent = `Added "${saved.name}".`;
        form.reset();
        ctl.schedule.value = '*/30 * * * *';
        invalidate();
        await reload();
      }
      say(result.textContent);
    } catch (err) {
      const list = err.errors && err.errors.length ? err.errors : [{ path: '', message: err.message }];
      showErrors(list, testOnly ? 'The recipe test failed:' : 'The source was not added:');
    }
  };
  form.querySelector('#test-recipe').addEventListener('click', () => send(true));
  form.addEventListener('submit', (e) => { e.preventDefault(); send(false); });
  return panel('Add a source', form);
}
