import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { Client } from 'pg';

// Integration tests use the local PostgreSQL, Redis and RabbitMQ (tools/infra sets them up),
// each suite in its own schema, key prefix and vhost so that suites cannot collide.
const run = promisify(execFile);

export const TEST_DATABASE_URL =
  process.env['TEST_DATABASE_URL'] ?? 'postgres://switchboard:switchboard@127.0.0.1:5432/switchboard_test';
export const TEST_REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379/1';
const TEST_AMQP_BASE = process.env['TEST_AMQP_BASE_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';

export function uniqueSuffix(): string {
  return randomBytes(4).toString('hex');
}

/** A fresh schema name for one suite: lowercase, safe to interpolate. */
export function uniqueSchemaName(label: string): string {
  return `t_${label
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '_')
    .slice(0, 40)}_${uniqueSuffix()}`;
}

export function uniqueKeyPrefix(label: string): string {
  return `test:${label.toLowerCase().replace(/[^a-z0-9-]/g, '-')}:${uniqueSuffix()}:`;
}

export async function dropSchema(schema: string, databaseUrl = TEST_DATABASE_URL): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema.replace(/"/g, '')}" CASCADE`);
  } finally {
    await client.end();
  }
}

export interface TestVhost {
  readonly name: string;
  readonly url: string;
  remove(): Promise<void>;
}

/** Creates a RabbitMQ vhost for one suite (needs rabbitmqctl, as on the dev and CI machines). */
export async function createTestVhost(label: string): Promise<TestVhost> {
  const name = `sb-test-${label}-${uniqueSuffix()}`;
  await run('rabbitmqctl', ['-q', 'add_vhost', name]);
  await run('rabbitmqctl', ['-q', 'set_permissions', '-p', name, 'guest', '.*', '.*', '.*']);
  return {
    name,
    url: `${TEST_AMQP_BASE}/${encodeURIComponent(name)}`,
    remove: async () => {
      await run('rabbitmqctl', ['-q', 'delete_vhost', name]);
    },
  };
}
