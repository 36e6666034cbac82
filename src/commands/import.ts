// `trustlens import --brand X file.(csv|jsonl)`: backfill historical mentions with a progress bar.
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig } from '../core/config.js';
import { NotFoundError, ValidationError } from '../core/errors.js';
import { ID_PATTERN } from '../core/ids.js';
import { openStore } from '../main.js';
import { systemClock } from '../ports/clock.js';
import { scoreMention } from '../scoring/index.js';
import { importMentions, importSource, readRows } from '../../jobs/import.js';
import type { Store } from '../ports/store.js';

export function register(program: Command): void {
  program.command('import')
    .description('import historical mentions (CSV with a header row, or JSON lines), score them and build rollups')
    .requiredOption('--brand <idOrName>', 'brand id or exact name')
    .option('--launch <id>', 'attach the mentions to this launch')
    .argument('<file>', '.csv (columns: text, title, rating, author, handle, followers, publishedAt, kind, url, id, lang) or .jsonl')
    .action(async (file: string, opts: { brand: string; launch?: string }) => {
      const store = await openStore(loadConfig());
      try {
        const brand = await findBrand(store, opts.brand);
        if (opts.launch) {
          const l = await store.getLaunch(opts.launch);
          if (!l || l.brandId !== brand.id) throw new ValidationError(`--launch: no launch ${opts.launch} for brand ${brand.name}`);
        }
        const source = await importSource(store, brand, `import: ${basename(file)}`, opts.launch);
        const total = await countLines(file);
        const bar = new SingleBar({ format: 'importing [{bar}] {value}/{total} rows | new {imported} | duplicates {duplicates}', stream: process.stderr, noTTYOutput: false, etaBuffer: 50 }, Presets.shades_classic);
        bar.start(total, 0, { imported: 0, duplicates: 0 });
        const report = await importMentions(readRows(file), brand, source, {
          store, clock: systemClock,
          score: (m, ctx) => scoreMention(m, ctx),
          onProgress: (r) => bar.update(r.read, { imported: r.imported, duplicates: r.duplicates }),
        });
        bar.update(report.read, { imported: report.imported, duplicates: report.duplicates });
        bar.stop();
        for (const s of report.skipped.slice(0, 20)) console.error(`line ${s.line}: skipped: ${s.reason}`);
        if (report.skipped.length > 20) console.error(`… and ${report.skipped.length - 20} more skipped rows`);
        console.log(JSON.stringify({ brand: brand.id, source: source.id, ...report, skipped: report.skipped.length }));
      } finally {
        await store.close();
      }
    });
}

async function findBrand(store: Store, idOrName: string) {
  if (ID_PATTERN.test(idOrName)) {
    const b = await store.getBrand(idOrName);
    if (b) return b;
  }
  const b = (await store.listBrands()).find((x) => x.name === idOrName);
  if (!b) throw new NotFoundError(`--brand: no brand with id or name "${idOrName}"`);
  return b;
}

async function countLines(file: string): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
  }
  return n;
}

