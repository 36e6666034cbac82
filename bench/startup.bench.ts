// `npm start` to a healthy /api/health: seconds from spawn, and the idle RSS of that process
// (aim ≤ 200 MB), median of 5 cold starts on a fresh data folder each. Peer: a bare Express
// "hello" server started the same way (the floor for a Node + tsx process).
//   npx tsx bench/startup.bench.ts
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNS = Number(process.env.STARTUP_RUNS ?? 5);

async function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => res(p));
    });
  });
}

function rssMb(pid: number): number {
  // The npm/tsx launcher chain: measure the node process that listens (the deepest child).
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

function deepest(pid: number): number {
  try {
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    return kids.length ? deepest(kids[kids.length - 1]) : pid;
  } catch {
    return pid;
  }
}

async function measure(cmd: string[], env: Record<string, string>, port: number): Promise<{ seconds: number; rss: number }> {
  const t0 = performance.now();
  const child: ChildProcess = spawn(cmd[0], cmd.slice(1), { env: { ...process.env, ...env }, stdio: 'ignore', detached: true });
  try {
    for (;;) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/api/health`);
        if (r.ok) break;
      } catch { /* not up yet */ }
      if (performance.now() - t0 > 60_000) throw new Error(`${cmd.join(' ')} did not become healthy`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const seconds = (performance.now() - t0) / 1000;
    await new Promise((r) => setTimeout(r, 2000)); // idle
    return { seconds, rss: rssMb(deepest(child.pid!)) };
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

async function main(): Promise<void> {
  const hello = join(mkdtempSync(join(tmpdir(), 'tl-hello-')), 'hello.mjs');
  writeFileSync(hello, `import express from '${join(process.cwd(), 'node_modules/express/index.js')}';
const app = express(); app.get('/api/health', (_q, r) => r.json({ status: 'ok' })); app.listen(Number(process.env.PORT), '127.0.0.1');`);
  const rows: { name: string; seconds: number[]; rss: number[] }[] = [
    { name: 'npm start (TrustLens, embedded)', seconds: [], rss: [] },
    { name: 'node + express hello', seconds: [], rss: [] },
  ];
  for (let i = 0; i < RUNS; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'tl-start-'));
    const port = await freePort();
    const a = await measure(['npm', 'start', '--silent'], { TRUSTLENS_PORT: String(port), TRUSTLENS_DATA_DIR: dir, TRUSTLENS_LOG_LEVEL: 'warn' }, port);
    rows[0].seconds.push(a.seconds); rows[0].rss.push(a.rss);
    rmSync(dir, { recursive: true, force: true });
    const port2 = await freePort();
    const b = await measure(['node', hello], { PORT: String(port2) }, port2);
    rows[1].seconds.push(b.seconds); rows[1].rss.push(b.rss);
  }
  console.log(`startup to healthy /api/health, median of ${RUNS} (load average ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]})`);
  for (const r of rows) console.log(`${r.name.padEnd(34)} ${median(r.seconds).toFixed(2)} s   idle RSS ${median(r.rss).toFixed(0)} MB`);
  console.log(`ratio: ${(median(rows[0].seconds) / median(rows[1].seconds)).toFixed(1)}× the hello server's start time`);
}

await main();
