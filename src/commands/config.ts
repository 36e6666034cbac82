// `trustlens config`: validates the environment and prints the effective configuration.
import type { Command } from 'commander';
import { configMarkdown, loadConfig } from '../core/config.js';

export function register(program: Command): void {
  program.command('config')
    .description('validate TRUSTLENS_* variables and print the effective configuration')
    .option('--markdown', 'print the table of variables instead')
    .action((opts: { markdown?: boolean }) => {
      if (opts.markdown) console.log(configMarkdown());
      else console.log(JSON.stringify(loadConfig(), null, 2));
    });
}
