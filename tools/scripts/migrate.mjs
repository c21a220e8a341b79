#!/usr/bin/env node
// Applies a service's pending TypeORM migrations: the `migrate` target of every app that owns a
// schema runs `node tools/scripts/migrate.mjs <path to its migration data source module>`.
// The module exports `migrationDataSource` (a DataSource built with createServiceDataSource).
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const workspaceRoot = path.resolve(import.meta.dirname, '../..');
process.env.SWC_NODE_PROJECT ??= path.join(workspaceRoot, 'tsconfig.base.json');
require('@swc-node/register');

const modulePath = process.argv[2];
if (!modulePath) {
  console.error('usage: migrate.mjs <migration data source module>');
  process.exit(2);
}
try {
  const { runServiceMigrations } = require(
    path.join(workspaceRoot, 'libs/backend/data-access-persistence/src/index.ts'),
  );
  const { migrationDataSource } = require(path.resolve(workspaceRoot, modulePath));
  if (!migrationDataSource) throw new Error(`${modulePath} does not export migrationDataSource`);
  const applied = await runServiceMigrations(migrationDataSource);
  const schema = migrationDataSource.options.schema;
  console.log(
    applied.length === 0
      ? `[migrate] ${schema}: up to date`
      : `[migrate] ${schema}: applied ${applied.length}: ${applied.join(', ')}`,
  );
} catch (error) {
  console.error(`[migrate] failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
