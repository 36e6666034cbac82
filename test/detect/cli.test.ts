import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
let dir: string;

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return run('npx', ['tsx', 'src/cli.ts', ...args], { cwd: process.cwd(), env: { ...process.env, TRUSTLENS_LOG_LEVEL: 'silent' } })
    .then((r) => ({ code: 0, ...r }))
    .catch((e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trustlens-detect-'));
  const lines = ['timestamp,value'];
  const t0 = Date.parse('2014-04-01T00:00:00Z');
  for (let i = 0; i < 24 * 6; i++) {
    const t = new Date(t0 + i * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);
    const h = i % 24;
    lines.push(`${t},${i === 24 * 5 + 3 ? 90 : 10 + (h >= 9 && h <= 18 ? 20 : 0) + (i % 3)}`);
  }
  writeFileSync(join(dir, 'series.csv'), lines.join('\n') + '\n');
  writeFileSync(join(dir, 'bad.csv'), 'timestamp,value\n2014-04-01 00:00:00,1\n2014-04-01 01:00:00,1\n2014-04-01 02:00:00,oops\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('trustlens detect --csv', () => {
  it('writes timestamp,value,anomaly_score,label for every row and flags the spike', async () => {
    const out = join(dir, 'out.csv');
    const r = await cli(['detect', '--csv', join(dir, 'series.csv'), '--out', out]);
    expect(r.code).toBe(0);
    const rows = readFileSync(out, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('timestamp,value,anomaly_score,label');
    expect(rows).toHaveLength(24 * 6 + 1);
    for (const row of rows.slice(1)) {
      const [ts, v, s, l] = row.split(',');
      expect(ts).toMatch(/^2014-04-\d\d \d\d:00:00$/);
      expect(Number.isFinite(Number(v))).toBe(true);
      expect(Number(s)).toBeGreaterThanOrEqual(0);
      expect(Number(s)).toBeLessThanOrEqual(1);
      expect(['0', '1']).toContain(l);
    }
    const spike = rows[1 + 24 * 5 + 3].split(',');
    expect(spike[1]).toBe('90');
    expect(spike[3]).toBe('1');
    expect(rows.filter((x) => x.endsWith(',1'))).toHaveLength(1);
  }, 60_000);

  it('stops at a malformed row with its line number, and --skip-bad goes on', async () => {
    const r = await cli(['detect', '--csv', join(dir, 'bad.csv')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 4: value is not a number: "oops"/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    const s = await cli(['detect', '--csv', join(dir, 'bad.csv'), '--skip-bad']);
    expect(s.code).toBe(0);
    expect(s.stdout.trim().split('\n')).toHaveLength(3);
    expect(s.stderr).toMatch(/skipped line 4/);
    const missing = await cli(['detect', '--csv', join(dir, 'nope.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read/);
  }, 60_000);
});
