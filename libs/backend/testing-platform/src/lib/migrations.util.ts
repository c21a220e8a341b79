import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { WORKSPACE_ROOT } from './service-process';

const run = promisify(execFile);

const MIGRATION_SOURCES: Readonly<Record<string, string>> = {
  'auth-service': 'apps/auth-service/src/app/persistence/migration-data-source.ts',
  'tenant-service': 'apps/tenant-service/src/app/persistence/migration-data-source.ts',
  'state-manager': 'apps/state-manager/src/app/persistence/migration-data-source.ts',
};

/** Applies each service's migrations to its schema, as its `migrate` target does. */
export async function runMigrations(
  targets: ReadonlyArray<{ service: string; env: Record<string, string> }>,
): Promise<void> {
  await Promise.all(
    targets.map(async ({ service, env }) => {
      const source = MIGRATION_SOURCES[service];
      if (!source) throw new Error(`no migrations known for ${service}`);
      await run(process.execPath, ['tools/scripts/migrate.mjs', source], {
        cwd: WORKSPACE_ROOT,
        env: { PATH: process.env['PATH'] ?? '', NODE_ENV: 'test', ...env },
      }).catch((error: Error & { stderr?: string }) => {
        throw new Error(`migrations of ${service} failed: ${error.message}\n${error.stderr ?? ''}`);
      });
    }),
  );
}
