#!/usr/bin/env node
// The one command-line entry. Each command lives in src/commands/<name>.ts and exports
// `register(program)`; this file only lists them.
process.env.DOTENV_CONFIG_QUIET ??= 'true';
import { Command } from 'commander';
import { ConfigError, TrustLensError } from './core/errors.js';
// --- commands (one line each) ---
// Loaded on demand: a command imports only what it needs. `trustlens score` then runs without
// the store adapters, queue clients, web server and browser driver the other commands bring in
// (about 57 MB of a scoring process's RSS).
type CommandModule = { register(p: Command): void };
const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  scrape: () => import('./commands/scrape.js'),
  serve: () => import('./commands/serve.js'),
  worker: () => import('./commands/worker.js'),
  keys: () => import('./commands/keys.js'),
  config: () => import('./commands/config.js'),
  import: () => import('./commands/import.js'),
  sources: () => import('./commands/sources.js'),
  detect: () => import('./commands/detect.js'),
  score: () => import('./commands/score.js'),
  train: () => import('./commands/train.js'),
  rescore: () => import('./commands/rescore.js'),
  eval: () => import('./commands/eval.js'),
  demo: () => import('./commands/demo.js'),
};
// --- end commands ---

const program = new Command('trustlens')
  .description('TrustLens: brand authenticity and reputation monitor')
  .showHelpAfterError();

// The command named on the line, or every command (for the overall help and for an unknown name,
// which commander then reports with the list).
const named = process.argv[2];
const wanted = named !== undefined && Object.hasOwn(COMMANDS, named) ? [named] : Object.keys(COMMANDS);
for (const c of await Promise.all(wanted.map((name) => COMMANDS[name]!()))) c.register(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof TrustLensError) {
    console.error(`trustlens: ${err.message}`);
  } else {
    console.error(err);
  }
  process.exitCode = 1;
});
