// The dependency direction of DESIGN.md, checked on every import of every source file:
// core ← ports ← (scoring, detect pure) ← reports ← api; scrapers never touch the store or the
// queue; only the composition root (main, server, wiring, commands, demo) picks adapters.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const rel = join(dir, name);
    return statSync(join(ROOT, rel)).isDirectory() ? files(rel) : /\.ts$/.test(name) ? [rel] : [];
  });
}

/** Our own modules a file imports (static and dynamic), as repo-relative paths. */
function imports(file: string): string[] {
  const src = readFileSync(join(ROOT, file), 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(/(?:^|\n)\s*(?:import|export)[^'"\n;]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) {
    const spec = m[1] ?? m[2];
    out.push(relative(ROOT, resolve(ROOT, dirname(file), spec)).replace(/\.js$/, '.ts'));
  }
  return out;
}

/** Which of our folders each layer may import from (besides itself). */
const RULES: [layer: string, allowed: string[]][] = [
  ['src/core/', []],
  ['src/ports/', ['src/core/']],
  ['src/scoring/', ['src/core/']],
  ['src/detect/', ['src/core/']],
  // Reports share the scorers' tokenizer, so report terms match what scoring saw.
  ['src/reports/', ['src/core/', 'src/ports/', 'src/scoring/tokens.ts']],
  ['models/', ['src/core/']],
  ['src/store/', ['src/core/', 'src/ports/', 'models/']],
  ['scrapers/', ['src/core/', 'src/ports/']],
  ['src/api/', ['src/core/', 'src/ports/', 'src/reports/']],
  ['jobs/', ['src/core/', 'src/ports/', 'src/scoring/', 'src/detect/', 'scrapers/']],
];

describe('layers', () => {
  const all = ['src', 'scrapers', 'models', 'jobs'].flatMap(files);

  it('finds the source files', () => {
    expect(all.length).toBeGreaterThan(80);
  });

  for (const [layer, allowed] of RULES) {
    it(`${layer} imports only ${allowed.join(', ') || 'itself'}`, () => {
      const bad = all.filter((f) => f.startsWith(layer)).flatMap((f) =>
        imports(f).filter((i) => !i.startsWith(layer) && !allowed.some((a) => i.startsWith(a))).map((i) => `${f} → ${i}`));
      expect(bad).toEqual([]);
    });
  }

  it('lets only the composition root import concrete store and queue adapters', () => {
    const root = /^src\/(main|server|wiring|cli)\.ts$|^src\/(commands|demo)\//;
    const adapters = /^(src\/store\/(sqlite|mongo)\/|jobs\/(inline|bull)-queue\.ts)/;
    const bad = all.filter((f) => !root.test(f) && !f.startsWith('src/store/') && !f.startsWith('jobs/'))
      .flatMap((f) => imports(f).filter((i) => adapters.test(i)).map((i) => `${f} → ${i}`));
    expect(bad).toEqual([]);
  });
});
