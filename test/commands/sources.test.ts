// `trustlens sources …` against a real SQLite data folder and a local feed.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/index.js';
import { startStorySite, storyItems, type StorySite } from '../e2e/launch-story.js';

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

describe('trustlens sources', () => {
  let dir: string;
  let site: StorySite;
  let sourceId: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tl-sources-'));
    site = await startStorySite();
    site.hours = 2;
    const store = new SqliteStore({ path: join(dir, 'trustlens.db') });
    await store.init();
    const brand = await store.createBrand({ name: 'Lune Labs', mission: '', values: [], claims: [], forbiddenClaims: [], keywords: [], handles: [], competitors: [], languages: ['en'], sensitivity: 1, webhooks: [] });
    sourceId = (await store.createSource({ brandId: brand.id, name: 'Calendar talk', kind: 'feed', url: `${site.url}/feed.xml`, mentionKind: 'social', schedule: '*/30 * * * *', enabled: true })).id;
    await store.close();
    env = { TRUSTLENS_DATA_DIR: dir, TRUSTLENS_HOST_DELAY_MS: '0', TRUSTLENS_LOG_LEVEL: 'silent' };
  });

  afterAll(async () => {
    await site?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists, pauses and resumes', async () => {
    expect((await cli(['sources', 'list'], env)).out).toMatch(new RegExp(`^${sourceId}\\tactive\\tfeed\\t\\*/30 \\* \\* \\* \\*\\tCalendar talk\\tnever run`, 'm'));
    expect((await cli(['sources', 'pause', sourceId], env)).out).toContain('paused');
    expect((await cli(['sources', 'list'], env)).out).toContain(`${sourceId}\tpaused`);
    expect((await cli(['sources', 'resume', sourceId], env)).out).toContain('active');
  }, 60_000);

  it('runs a source now in embedded mode and prints the run', async () => {
    const r = await cli(['sources', 'run', sourceId], env);
    expect(r.code, r.err).toBe(0);
    const run = JSON.parse(r.out.trim().split('\n').pop()!);
    expect(run).toMatchObject({ status: 'ok', new: storyItems(2).length, errors: 0 });
    const store = new SqliteStore({ path: join(dir, 'trustlens.db') });
    await store.init();
    try {
      expect(await store.countMentions({ sourceId })).toBe(storyItems(2).length);
      expect(await store.listPendingBatches(sourceId)).toEqual([]);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('says clearly when the source does not exist', async () => {
    const r = await cli(['sources', 'pause', 'aaaaaaaaaaaaaaaaaaaaaaaa'], env);
    expect(r.code).toBe(1);
    expect(r.err).toContain('no source with id aaaaaaaaaaaaaaaaaaaaaaaa');
  }, 30_000);
});
