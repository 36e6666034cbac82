import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../fixtures/site/server.js';

let site: FixtureSite;
let dir: string;
beforeAll(async () => {
  site = await startFixtureSite();
  dir = mkdtempSync(join(tmpdir(), 'trustlens-scrape-cli-'));
});
afterAll(async () => {
  await site?.close();
  rmSync(dir, { recursive: true, force: true });
});

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['tsx', 'src/cli.ts', ...args], {
      cwd: process.cwd(),
      env: { ...process.env, TRUSTLENS_HOST_DELAY_MS: '0', TRUSTLENS_LOG_LEVEL: 'silent' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('trustlens scrape', () => {
  it('prints one RawMention JSON per line, honours --limit, keeps state with --state-file', async () => {
    const file = join(dir, 'source.json');
    const stateFile = join(dir, 'state.json');
    writeFileSync(file, JSON.stringify({ kind: 'schema-reviews', url: `${site.url}/reviews/jsonld/1` }));
    const run = await cli(['scrape', '--source-file', file, '--limit', '3', '--state-file', stateFile]);
    expect(run.stderr).toContain('"summary"');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ kind: 'review', author: { name: 'Alice M.' }, rating: { best: 5 } });
    expect(JSON.parse(readFileSync(stateFile, 'utf8')).lastSeenIds).toHaveLength(3);
    const again = await cli(['scrape', '--source-file', file, '--limit', '3', '--state-file', stateFile]);
    const ids = again.stdout.trim().split('\n').map((l) => JSON.parse(l).externalId);
    expect(ids).toHaveLength(3);
    expect(ids).not.toContain(lines[0].externalId);
  }, 60_000);

  it('a bad source exits 1 with the field named', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ kind: 'recipe', url: `${site.url}/recipe/forum`, recipe: { item: 'li', fields: { text: 'p', rating: 'div[[' } } }));
    const run = await cli(['scrape', '--source-file', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/recipe\.fields\.rating: invalid CSS selector/);
  }, 60_000);
});
