// `trustlens keys create|list|delete`: API keys with roles, stored hashed; the key is shown once.
import type { Command } from 'commander';
import { generateKey, hashKey } from '../api/auth.js';
import { loadConfig } from '../core/config.js';
import { ValidationError } from '../core/errors.js';
import type { Role } from '../core/types.js';
import { openStore } from '../main.js';

const ROLES: Role[] = ['admin', 'analyst', 'viewer'];

export function register(program: Command): void {
  const keys = program.command('keys').description('manage API keys');
  keys.command('create')
    .description('create a key and print it once')
    .requiredOption('--role <role>', ROLES.join(' | '))
    .option('--name <name>', 'a label for the key', 'key')
    .option('--brands <ids>', 'comma-separated brand ids the key is limited to (default: all)')
    .action(async (opts: { role: string; name: string; brands?: string }) => {
      if (!ROLES.includes(opts.role as Role)) throw new ValidationError(`--role: expected one of ${ROLES.join(', ')}`);
      const store = await openStore(loadConfig());
      try {
        const key = generateKey();
        const brandIds = opts.brands ? opts.brands.split(',').map((s) => s.trim()).filter(Boolean) : [];
        const saved = await store.createApiKey({ name: opts.name, hash: hashKey(key), role: opts.role as Role, brandIds });
        console.log(key);
        console.error(`created key ${saved.id} (${saved.role}${brandIds.length ? `, brands ${brandIds.join(',')}` : ''}); it is not shown again`);
      } finally {
        await store.close();
      }
    });
  keys.command('list').description('list keys (never the keys themselves)').action(async () => {
    const store = await openStore(loadConfig());
    try {
      for (const k of await store.listApiKeys()) console.log(JSON.stringify({ ...k, hash: undefined }));
    } finally {
      await store.close();
    }
  });
  keys.command('delete <id>').description('revoke a key').action(async (id: string) => {
    const store = await openStore(loadConfig());
    try {
      console.log((await store.deleteApiKey(id)) ? 'deleted' : 'no such key');
    } finally {
      await store.close();
    }
  });
}
