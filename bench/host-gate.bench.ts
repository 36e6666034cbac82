// Per-host politeness across worker processes: requests/second reaching one local host from
// 2 worker processes, each with the real fetcher (hostDelayMs 200, hostConcurrency 2, two fetch
// loops like two concurrent scrape jobs), with and without the shared gate (JobQueue.rateGate on
// Redis, as queue-mode workers are wired). The allowed rate is 1000 / 200 = 5 req/s for the host.
// Without the gate each process keeps the delay only for itself, so the host sees ~2 × 5.
// Needs Redis: TRUSTLENS_TEST_REDIS_URL (default redis://127.0.0.1:6379).
// Run: npx tsx bench/host-gate.bench.ts [--workers 2] [--seconds 4] [--reps 3] [--delay 200]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { BullQueue } from '../jobs/bull-queue.js';
import { createFetcher } from '../scrapers/fetcher.js';
import { deleteKeys } from '../test/support/redis.js';

const redisUrl = process.env.TRUSTLENS_TEST_REDIS_URL || 'redis://127.0.0.1:6379';

if (process.env.HOST_GATE_WORKER) {
  // ---- a worker process: fetch from the host until the deadline, through the gate or not ----
  const { HG_URL, HG_PREFIX, HG_SHARED, HG_DELAY, HG_SECONDS } = process.env as Record<string, string>;
  const queue = HG_SHARED === '1' ? await BullQueue.create({ redisUrl, prefix: HG_PREFIX, logger: { warn: () => {} } }) : undefined;
  const fetcher = createFetcher({
    userAgent: 'TrustLensBench/1.0', timeoutMs: 5000, maxBytes: 1 << 20,
    hostDelayMs: Number(HG_DELAY), hostConcurrency: 2, env: {},
    // Release times (wall clock, comparable between processes on one machine) are reported so the
    // gate's own spacing can be told apart from each request's trip to the host.
    sharedGate: queue
      ? async (host, ms) => {
          await queue.rateGate(`host:${host}`, ms);
          if (started) released.push(performance.timeOrigin + performance.now());
        }
      : undefined,
  });
  const released: number[] = [];
  let started = false;
  await fetcher.assertAllowed(HG_URL); // robots.txt read before the clock starts
  process.stdout.write('READY\n');
  await once(process.stdin, 'data');
  started = true;
  const until = Date.now() + Number(HG_SECONDS) * 1000;
  let n = 0;
  const loop = async () => {
    while (Date.now() < until) await fetcher.fetch(`${HG_URL}/page?p=${process.pid}&i=${n++}`);
  };
  await Promise.all([loop(), loop()]);
  await fetcher.close();
  await queue?.close();
  process.stdout.write(`RELEASED ${JSON.stringify(released)}\nDONE ${n}\n`);
  process.exit(0);
}

// ---- the parent: the host, the workers, the figures ----
const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const WORKERS = arg('workers', 2);
const SECONDS = arg('seconds', 4);
const REPS = arg('reps', 3);
const DELAY = arg('delay', 200);
const self = fileURLToPath(import.meta.url);

const arrivals: number[] = [];
const server = createServer((req, res) => {
  if (req.url === '/robots.txt') {
    res.writeHead(404).end();
    return;
  }
  arrivals.push(performance.now());
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<p>ok</p>');
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const probe = await BullQueue.create({ redisUrl, prefix: 'tlbench-probe', logger: { warn: () => {} } });
const redisUp = await probe.ping();
await probe.close();
if (!redisUp) {
  console.log(`host-gate: skipped, no Redis at ${redisUrl}`);
  server.close();
  process.exit(0);
}

type Result = { rate: number; minGapMs: number; minReleaseGapMs: number; requests: number };

async function run(shared: boolean): Promise<Result> {
  const prefix = `tlbench-gate-${process.pid}-${Date.now().toString(36)}`;
  const children = Array.from({ length: WORKERS }, () =>
    spawn(process.execPath, ['--import', 'tsx', self], {
      env: { ...process.env, HOST_GATE_WORKER: '1', HG_URL: url, HG_PREFIX: prefix, HG_SHARED: shared ? '1' : '0', HG_DELAY: String(DELAY), HG_SECONDS: String(SECONDS) },
      stdio: ['pipe', 'pipe', 'inherit'],
    }),
  );
  const outs = children.map(() => ({ text: '' }));
  children.forEach((c, i) => c.stdout.on('data', (d) => (outs[i].text += d)));
  const until = (re: RegExp) => Promise.all(children.map((c, i) => new Promise<void>((resolve, reject) => {
    const check = () => (re.test(outs[i].text) ? resolve() : undefined);
    c.stdout.on('data', check);
    check();
    c.once('exit', (code) => (re.test(outs[i].text) ? resolve() : reject(new Error(`worker exited ${code}`))));
  })));
  await until(/READY/);
  arrivals.length = 0;
  for (const c of children) c.stdin.write('go\n');
  await until(/DONE/);
  await deleteKeys(redisUrl, [prefix]);
  const at = [...arrivals].sort((a, b) => a - b);
  const rel = outs.flatMap((o) => JSON.parse(/RELEASED (\[.*\])/.exec(o.text)?.[1] ?? '[]') as number[]).sort((a, b) => a - b);
  return { rate: ((at.length - 1) * 1000) / (at.at(-1)! - at[0]), minGapMs: minGap(at), minReleaseGapMs: minGap(rel), requests: at.length };
}

function minGap(sorted: number[]): number {
  let min = Infinity;
  for (let i = 1; i < sorted.length; i++) min = Math.min(min, sorted[i] - sorted[i - 1]);
  return min;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const results: Record<'per-process' | 'shared gate', Result[]> = { 'per-process': [], 'shared gate': [] };
for (let r = 0; r < REPS; r++) {
  results['per-process'].push(await run(false));
  results['shared gate'].push(await run(true));
}
server.close();

console.log(`host-gate: ${WORKERS} worker processes, hostDelayMs ${DELAY} (allowed ${(1000 / DELAY).toFixed(2)} req/s), ${SECONDS} s × ${REPS} reps, medians`);
for (const [name, rs] of Object.entries(results)) {
  console.log(
    `  ${name.padEnd(12)} ${median(rs.map((x) => x.rate)).toFixed(2)} req/s  min gap at the host ${median(rs.map((x) => x.minGapMs)).toFixed(1)} ms` +
      (name === 'shared gate' ? `, between gate releases ${median(rs.map((x) => x.minReleaseGapMs)).toFixed(1)} ms` : '') +
      `  (${rs.map((x) => x.rate.toFixed(2)).join(', ')} req/s; ${rs.map((x) => x.requests).join(', ')} requests)`,
  );
}
const ratio = median(results['per-process'].map((x) => x.rate)) / median(results['shared gate'].map((x) => x.rate));
console.log(`  per-process / shared gate: ${ratio.toFixed(2)}×`);
