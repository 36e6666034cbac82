// `trustlens sources list|run|pause|resume`: the same source controls as the API, from a shell.
// Pause and resume change the store; a running server picks them up within a minute. `run` in
// queue mode queues the job for the workers; in embedded mode it runs it here, start to finish.
import type { Command } from 'commander';
import { loadConfig } from '../core/config.js';
import { NotFoundError } from '../core/errors.js';
import { createRuntime, type Runtime } from '../main.js';
import { QUEUE_NAMES, SCHEDULE_SYNC_MS, startWorkers } from '../wiring.js';
import { SourceScheduler } from '../../jobs/schedule-sources.js';

async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>): Promise<T> {
  const rt = await createRuntime(loadConfig({ ...process.env, TRUSTLENS_LOG_LEVEL: process.env.TRUSTLENS_LOG_LEVEL ?? 'warn' }));
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

async function sourceOf(rt: Runtime, id: string) {
  const s = await rt.store.getSource(id);
  if (!s) throw new NotFoundError(`no source with id ${id}`);
  return s;
}

export function register(program: Command): void {
  const sources = program.command('sources').description('list, run, pause and resume sources');
  sources.command('list')
    .option('--brand <id>', 'only this brand')
    .description('one line per source: id, state, kind, schedule, name, last run')
    .action(async (opts: { brand?: string }) => withRuntime(async (rt) => {
      for (const s of await rt.store.listSources({ brandId: opts.brand })) {
        const [last] = await rt.store.listScrapeRuns(s.id, 1);
        const run = last ? `${last.status} ${last.startedAt} new=${last.new}${last.errors ? ` errors=${last.errors}` : ''}` : 'never run';
        console.log([s.id, s.enabled ? 'active' : 'paused', s.kind, s.schedule, s.name, run].join('\t'));
      }
    }));
  for (const [action, enabled] of [['pause', false], ['resume', true]] as const) {
    sources.command(`${action} <id>`)
      .description(`${action} a source's schedule (a running server follows within ${SCHEDULE_SYNC_MS / 1000} s)`)
      .action(async (id: string) => withRuntime(async (rt) => {
        await sourceOf(rt, id);
        const s = (await rt.store.updateSource(id, { enabled }))!;
        console.log(`${s.id}\t${s.enabled ? 'active' : 'paused'}\t${s.name}`);
      }));
  }
  sources.command('run <id>')
    .description('run a source now (queue mode: queued for the workers; embedded: here, then prints the run)')
    .action(async (id: string) => withRuntime(async (rt) => {
      const source = await sourceOf(rt, id);
      const scheduler = new SourceScheduler(rt.queue, 0);
      if (rt.config.mode === 'queue') {
        console.log(`queued job ${await scheduler.runNow(source)}`);
        return;
      }
      const workers = await startWorkers(rt, QUEUE_NAMES);
      const before = new Set((await rt.store.listScrapeRuns(id, 100)).map((r) => r.id));
      await scheduler.runNow(source);
      // Wait for the scrape and for what it set off (detection, webhooks) to finish.
      for (;;) {
        await new Promise((r) => setTimeout(r, 200));
        const counts = await Promise.all(QUEUE_NAMES.map((q) => rt.queue.pending(q)));
        if (counts.every((c) => c.waiting + c.active === 0)) break;
      }
      await workers.stop();
      const run = (await rt.store.listScrapeRuns(id, 100)).find((r) => !before.has(r.id));
      console.log(JSON.stringify(run ?? { status: 'not run' }));
      if (run?.status !== 'ok') process.exitCode = 1;
    }));
}
