// `trustlens scrape --source-file source.json [--limit N] [--max-pages N] [--state-file state.json]`
// Runs one source definition (the JSON a user would save: kind, url, api, query, mentionKind,
// recipe) without a store, and prints one normalised RawMention JSON per line on stdout, so anyone
// can try a source before saving it. Skipped items and a summary go to stderr; a bad source exits 1.
// With --state-file the run is incremental: the state is read from and written back to that file.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import { loadConfig } from '../core/config.js';
import { ValidationError } from '../core/errors.js';
import type { SourceState } from '../core/types.js';
import { createFetcher } from '../../scrapers/fetcher.js';
import { createBrowserPool } from '../../scrapers/browser-pool.js';
import { runSource } from '../../scrapers/index.js';
import { validateSourceDefinition } from '../../scrapers/recipe-schema.js';

function readJsonFile(path: string, what: string): unknown {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    throw new ValidationError(`cannot read ${what} ${path}`);
  }
  try {
    return JSON.parse(raw);
  } catch (err) {
    throw new ValidationError(`${what} ${path} is not valid JSON: ${(err as Error).message}`);
  }
}

function positiveInt(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new ValidationError(`--${name} expects a positive integer, got ${JSON.stringify(v)}`);
    return n;
  };
}

export function register(program: Command): void {
  program
    .command('scrape')
    .description('run one source definition without a store; print mentions as JSON lines')
    .requiredOption('--source-file <path>', 'source definition JSON (kind, url, api, query, mentionKind, recipe)')
    .option('--limit <n>', 'most new mentions to print', positiveInt('limit'), 100)
    .option('--max-pages <n>', 'most pages to fetch', positiveInt('max-pages'), 10)
    .option('--state-file <path>', 'read and update the incremental state (etag, last seen ids) in this file')
    .action(async (opts: { sourceFile: string; limit: number; maxPages: number; stateFile?: string }) => {
      const config = loadConfig();
      const def = validateSourceDefinition(readJsonFile(opts.sourceFile, 'source file'));
      const state = (opts.stateFile && existsSync(opts.stateFile) ? readJsonFile(opts.stateFile, 'state file') : def.state ?? {}) as SourceState;
      const fetcher = createFetcher({
        userAgent: config.userAgent,
        timeoutMs: config.fetchTimeoutMs,
        maxBytes: config.fetchMaxBytes,
        hostDelayMs: config.hostDelayMs,
        hostConcurrency: config.hostConcurrency,
      });
      const browser = def.kind === 'browser' ? createBrowserPool({ executablePath: config.chromiumPath, maxPages: config.browserPages, userAgent: config.userAgent }) : undefined;
      try {
        const result = await runSource({ ...def, state }, { fetcher, browser, limit: opts.limit, maxPages: opts.maxPages });
        for (const m of result.mentions) {
          if (!process.stdout.write(`${JSON.stringify(m)}\n`)) await once(process.stdout, 'drain');
        }
        for (const s of result.skipped) process.stderr.write(`${JSON.stringify({ skipped: s.reason, detail: s.detail })}\n`);
        process.stderr.write(
          `${JSON.stringify({ summary: { mentions: result.mentions.length, known: result.known, skipped: result.skipped.length, pages: result.pagesFetched, notModified: result.notModified, ...(result.aggregate ? { aggregate: result.aggregate } : {}) } })}\n`,
        );
        if (opts.stateFile) writeFileSync(opts.stateFile, `${JSON.stringify(result.state, null, 2)}\n`);
      } finally {
        await browser?.close();
        await fetcher.close();
      }
    });
}
