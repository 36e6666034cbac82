// Embedded mode must not load bull (or its Redis client): importing and constructing the adapters
// is checked in a fresh process, where the module cache shows exactly what was loaded.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

const script = `
import { createRequire } from 'node:module';
const cache = createRequire(process.cwd() + '/').cache;
const loaded = (pkg) => Object.keys(cache).some((k) => k.includes('/node_modules/' + pkg + '/'));
const { InlineQueue } = await import('./jobs/inline-queue.ts');
const { BullQueue } = await import('./jobs/bull-queue.ts');
const q = new InlineQueue();
await q.enqueue('x', 1);
await q.close();
new BullQueue({ redisUrl: 'redis://127.0.0.1:1' });
const before = { bull: loaded('bull'), ioredis: loaded('ioredis') };
const { default: Bull } = await import('bull');
console.log(JSON.stringify({ before, after: loaded('bull'), bullIsFunction: typeof Bull === 'function' }));
`;

describe('queue adapters load lazily', () => {
  it('importing both adapters and constructing a BullQueue does not load bull or ioredis', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: new URL('../../', import.meta.url).pathname,
      timeout: 30_000,
    });
    const out = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(out.before).toEqual({ bull: false, ioredis: false });
    expect(out.after).toBe(true); // the probe itself can see bull once it is loaded
    expect(out.bullIsFunction).toBe(true);
  });
});
