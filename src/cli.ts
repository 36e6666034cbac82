#!/usr/bin/env node
// The one command-line entry. Each command lives in src/commands/<name>.ts and exports
// `register(program)`; this file only lists them.
process.env.DOTENV_CONFIG_QUIET ??= 'true';
import { Command } from 'commander';
import { ConfigError, TrustLensError } from './core/errors.js';
// --- commands (one line each) ---
import * as serve from './commands/serve.js';
import * as worker from './commands/worker.js';
import * as keys from './commands/keys.js';
import * as config from './commands/config.js';
import * as importCmd from './commands/import.js';
import * as sourcesCmd from './commands/sources.js';
import * as detect from './commands/detect.js';
import * as score from './commands/score.js';
import * as train from './commands/train.js';
import * as evalCmd from './commands/eval.js';
import * as scrape from './commands/scrape.js';
import * as demo from './commands/demo.js';
// --- end commands ---

const program = new Command('trustlens')
  .description('TrustLens: brand authenticity and reputation monitor')
  .showHelpAfterError();

const commands: { register(p: Command): void }[] = [
  scrape,
  serve,
  worker,
  keys,
  config,
  importCmd,
  sourcesCmd,
  detect,
  score,
  train,
  evalCmd,
  demo,
];
for (const c of commands) c.register(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof TrustLensError) {
    console.error(`trustlens: ${err.message}`);
  } else {
    console.error(err);
  }
  process.exitCode = 1;
});
