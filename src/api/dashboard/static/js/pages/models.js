// The Scoring models panel of a brand's overview: which models score its mentions, the last
// rescore of its stored mentions (followed while it runs), a button to start one, and a dry run
// that says what a model file not saved yet (or the saved models) would change, writing nothing.
import { api } from '../api.js';
import { append, clear, h, panel, say } from '../dom.js';
import { num, pct, when } from '../format.js';
import { kv } from './common.js';

const MODEL_KINDS = [['fake', 'Fake-review model'], ['aspects', 'Aspect models']];
/**
 * How often a run in progress is read again; after a failed or cut-short attempt (the queue
 * retries the same job), less often; and for how long at most (a page left open).
 */
const RESCORE_POLL_MS = 1000;
const RESCORE_RETRY_POLL_MS = 5000;
const RESCORE_POLL_FOR_MS = 30 * 60_000;
/** Largest model file the page reads (the API takes 12 MB per file). */
const MAX_FILE_BYTES = 12 * 2 ** 20;

/**
 * Which models score this brand's mentions: its own (trustlens train … --brand) or the shipped
 * ones; the last rescore of its stored mentions, followed while it runs; a way to start one
 * (admin keys) and to preview a model first (analyst keys). `runs`: the brand's runs, newest
 * first, rescores and dry runs together.
 */
export function modelsPanel(own, brand, runs) {
  const lastRescore = runs.find((r) => !r.dryRun);
  const last = h('p', { class: 'small', id: 'rescore-run' }, runLine(lastRescore));
  const status = h('p', { class: 'muted small', role: 'status', id: 'rescore-status' });
  const btn = h('button', { type: 'button', class: 'secondary' }, 'Rescore stored mentions');
  btn.addEventListener('click', async () => {
    btn.disabled = true;
    try {
      const { jobId } = await api(`/brands/${brand.id}/rescore`, { method: 'POST' });
      status.textContent = `Rescore queued (job ${jobId}): the charts follow as it goes.`;
      say(`${brand.name}: rescore queued`);
      follow(brand, last, (run) => run.jobId === jobId, (run) => {
        status.textContent = run.status === 'done' ? `Rescore done: ${num(run.scanned)} mentions read, ${num(run.changed)} changed.`
          : run.status === 'skipped' ? 'Rescore not needed: a run that started after it was asked for had already done it.'
          : `Rescore ${run.status === 'failed' ? 'failed' : 'cut short'}; the queue tries it again, and this panel follows.`;
        say(`${brand.name}: rescore ${run.status}`);
      });
    } catch (err) {
      status.textContent = `Could not rescore: ${err.message}`;
    } finally {
      btn.disabled = false;
    }
  });
  // A rescore already running when the page opens is followed too (its job's later attempts as well).
  if (lastRescore?.status === 'running') follow(brand, last, (run) => run.jobId === lastRescore.jobId && run.startedAt >= lastRescore.startedAt);
  const inUse = Object.fromEntries(MODEL_KINDS.map(([kind]) => [kind, h('span', null, modelLine(own.find((x) => x.kind === kind)))]));
  // A model saved from a dry run: this panel says so, and follows the rescore the save queued.
  const saved = (info) => {
    append(clear(inUse[info.kind]), [modelLine(info)]);
    if (info.rescoreJobId) follow(brand, last, (run) => run.jobId === info.rescoreJobId);
  };
  return panel('Scoring models', kv(MODEL_KINDS.map(([kind, title]) => [title, inUse[kind]])),
    h('p', { class: 'muted small' }, 'Saving or deleting a model rescores the stored mentions by itself.'), last, h('p', null, btn), status,
    previewForm(brand, runs.find((r) => r.dryRun), saved));
}

/** Which model of a kind is in use: the brand's own (its info), or the shipped one. */
function modelLine(m) {
  return m ? `this brand's own: ${m.name}, version ${m.version}, saved ${m.savedAt.slice(0, 10)}` : 'shipped';
}

/**
 * A dry run: a model file from `trustlens train fake|aspects --out`, the shipped model of a kind
 * (what deleting the brand's own would do), or none (the saved models), read against the brand's
 * stored mentions in the background; its findings are shown when done, and for a file a button to
 * save it as the brand's model (admin keys), which rescores its mentions.
 */
function previewForm(brand, lastPreview, saved) {
  // A kind's file, or its shipped model (what deleting the brand's own would do): "shipped:kind".
  const kind = h('select', { id: 'preview-kind', name: 'kind' },
    h('option', { value: '' }, 'the saved models'), MODEL_KINDS.map(([k, title]) => h('option', { value: k }, `a ${title.toLowerCase()} file`)),
    MODEL_KINDS.map(([k, title]) => h('option', { value: `shipped:${k}` }, `the shipped ${title.toLowerCase()}`)));
  const file = h('input', { type: 'file', id: 'preview-file', accept: '.json,application/json' });
  const go = h('button', { type: 'button', class: 'secondary', id: 'preview-go' }, 'Preview');
  const status = h('p', { class: 'muted small', role: 'status', id: 'preview-status' });
  const result = h('div', { id: 'preview-result' }, lastPreview ? previewResult(lastPreview) : null);
  const save = h('p', { id: 'preview-save' });
  /** Offers to save `json` (a parsed model file) as the brand's model of `modelKind`, once its dry run is done. */
  const offer = (modelKind, json, name) => {
    const title = MODEL_KINDS.find(([k]) => k === modelKind)[1].toLowerCase();
    const b = h('button', { type: 'button', class: 'secondary' }, `Save it as this brand's ${title}`);
    b.addEventListener('click', async () => {
      b.disabled = true;
      try {
        const info = await api(`/brands/${brand.id}/models/${modelKind}`, { method: 'PUT', body: json });
        status.textContent = `Saved ${info.name} as this brand's ${title}, version ${info.version}: its stored mentions are being rescored.`;
        say(`${brand.name}: ${title} saved`);
        clear(save);
        saved(info);
      } catch (err) {
        status.textContent = `Could not save ${name}: ${err.message}`;
        b.disabled = false;
      }
    });
    append(clear(save), [b]);
  };
  go.addEventListener('click', async () => {
    go.disabled = true;
    clear(save);
    try {
      const body = {};
      if (kind.value.startsWith('shipped:')) body[kind.value.slice('shipped:'.length)] = 'shipped';
      else if (kind.value) {
        const f = file.files?.[0];
        if (!f) { status.textContent = 'Choose the model file to preview.'; return; }
        if (f.size > MAX_FILE_BYTES) { status.textContent = `${f.name} is larger than 12 MB: not a model file.`; return; }
        try {
          body[kind.value] = JSON.parse(await f.text());
        } catch {
          status.textContent = `${f.name} is not a JSON file.`;
          return;
        }
      }
      const { jobId } = await api(`/brands/${brand.id}/rescore-preview`, { method: 'POST', body });
      status.textContent = `Dry run queued (job ${jobId}): nothing is written.`;
      say(`${brand.name}: dry run queued`);
      const chosen = kind.value;
      follow(brand, result, (run) => run.jobId === jobId, (run) => {
        status.textContent = run.status === 'done' ? 'Dry run done.' : `Dry run ${run.status === 'failed' ? 'failed' : 'cut short'}; the queue tries it again, and this panel follows.`;
        say(`${brand.name}: dry run ${run.status}`);
        if (run.status === 'done' && chosen && !chosen.startsWith('shipped:')) offer(chosen, body[chosen], run.preview?.files?.[chosen] ?? 'the file');
      }, previewResult);
    } catch (err) {
      status.textContent = `Could not start the dry run: ${err.message}`;
    } finally {
      go.disabled = false;
    }
  });
  if (lastPreview?.status === 'running') follow(brand, result, (run) => run.id === lastPreview.id, () => {}, previewResult);
  return h('div', { class: 'preview' },
    h('h3', null, 'Before saving a model'),
    h('p', { class: 'muted small' }, 'A dry run scores the stored mentions with a model file and says what a rescore would change, writing nothing.'),
    h('p', null, h('label', { for: 'preview-kind' }, 'Read with '), kind, ' ', file, ' ', go), status, result, save);
}

/** What a dry run found: its counts, the aspects that would move, and a few reviews whose verdict would change. */
function previewResult(run) {
  const read = `${num(run.scanned)} of ${num(run.total)} mentions read`;
  if (run.status === 'running') {
    return h('p', { class: 'small' }, `Dry run since ${when(run.startedAt)}: ${read}, ${num(run.changed)} would change so far `,
      progressBar(run));
  }
  if (run.status === 'failed') return h('p', { class: 'small' }, `Dry run failed ${when(run.finishedAt)} after ${read}: ${run.error || 'no reason given'}.`);
  if (run.status !== 'done') return h('p', { class: 'small' }, `Dry run cut short (${read}).`);
  const p = run.preview || { aspects: {}, examples: { becomeSuspect: [], stopSuspect: [] } };
  const files = MODEL_KINDS.filter(([k]) => p.files?.[k]).map(([k, title]) => `the ${title.toLowerCase()} “${p.files[k]}”`);
  const readWith = files.length ? files.join(' and ') : 'the saved models';
  const aspects = Object.entries(p.aspects || {});
  const examples = (title, list) => (list?.length
    ? [h('h4', null, title), h('ul', { class: 'plain small' }, list.map((e) => h('li', null, `“${e.text}” `, h('span', { class: 'muted' }, `likely fake ${pct(e.likelihood.before)} → ${pct(e.likelihood.after)}`))))]
    : null);
  return h('div', { class: 'small' },
    h('p', null, `Dry run with ${readWith}, ${when(run.finishedAt)}: ${read}; a rescore would change ${num(run.changed)}. Likely fakes ${num(run.fakeSuspectsBefore)} → ${num(run.fakeSuspectsAfter)}.`),
    aspects.length
      ? h('table', { class: 'compact' }, h('thead', null, h('tr', null, h('th', null, 'Aspect'), h('th', null, 'Mentions now'), h('th', null, 'After'))),
        h('tbody', null, aspects.map(([key, c]) => h('tr', null, h('td', null, key.replace(':', ', ')), h('td', null, num(c.before)), h('td', null, num(c.after))))))
      : h('p', { class: 'muted' }, 'No aspect counts would move.'),
    examples('Would become likely fakes', p.examples?.becomeSuspect),
    examples('Would stop being likely fakes', p.examples?.stopSuspect));
}

/** How far a run in progress has read. */
function progressBar(run) {
  return h('progress', { max: Math.max(1, run.total), value: Math.min(run.scanned, run.total), 'aria-label': `${pct(run.total ? run.scanned / run.total : 0)} read` });
}

/** One line on a rescore run: how far it got, what it changed, how it ended. */
function runLine(run) {
  if (!run) return 'Not rescored yet.';
  const read = `${num(run.scanned)} of ${num(run.total)} mentions read`;
  const fake = run.fakeSuspectsBefore !== run.fakeSuspectsAfter ? `; likely fake ${num(run.fakeSuspectsBefore)} → ${num(run.fakeSuspectsAfter)}` : '';
  switch (run.status) {
    case 'running': return [`Rescoring since ${when(run.startedAt)}: ${read}, ${num(run.changed)} changed so far `,
      progressBar(run)];
    case 'done': return `Last rescore ${when(run.finishedAt)}: ${read}, ${num(run.changed)} changed${fake}.`;
    case 'failed': return `Last rescore failed ${when(run.finishedAt)} after ${read}: ${run.error || 'no reason given'}.`;
    case 'skipped': return `Last rescore skipped ${when(run.finishedAt)}: a run that started after it was asked for had already scored every mention with the same models.`;
    default: return `Last rescore was cut short (${read}); the next one finishes its work.`;
  }
}

/**
 * Reads the brand's runs every second, showing the newest that `match`es in `line` (as `show`
 * draws it), until it is done or skipped, the page is left, or half an hour has passed;
 * `ended(run)` is told of each end it sees. A run not listed yet is still queued; a failed or
 * cut-short one is followed on (more slowly), as the queue runs the same job again.
 */
function follow(brand, line, match, ended = () => {}, show = runLine) {
  const until = Date.now() + RESCORE_POLL_FOR_MS;
  let told = '';
  const tick = async () => {
    if (!line.isConnected || Date.now() > until) return;
    let run;
    try {
      run = (await api(`/brands/${brand.id}/rescore-runs`)).items.find(match);
    } catch {
      // A failed read (the server restarting) is tried again at the next tick.
    }
    if (run) append(clear(line), [show(run)]);
    if (run && run.status !== 'running' && told !== `${run.id}:${run.status}`) { told = `${run.id}:${run.status}`; ended(run); }
    if (run?.status === 'done' || run?.status === 'skipped') return;
    setTimeout(tick, run && run.status !== 'running' ? RESCORE_RETRY_POLL_MS : RESCORE_POLL_MS);
  };
  setTimeout(tick, 0);
}
