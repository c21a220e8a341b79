// Drops the sandbox's service schemas and Redis keys. Used when the sandbox secrets are new:
// rows encrypted or users created under the old ones would be unusable. Touches only the
// sandbox database `switchboard` and the `sb:` keys of Redis database 0, never the test ones.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Redis from 'ioredis';
import pg from 'pg';

export async function resetSandboxData(schemas) {
  const client = new pg.Client({
    connectionString:
      process.env.DATABASE_URL ?? 'postgres://switchboard:switchboard@127.0.0.1:5432/switchboard',
  });
  await client.connect();
  try {
    for (const schema of schemas) {
      if (!/^[a-z_]+$/.test(schema)) throw new Error(`unexpected schema name ${schema}`);
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    }
  } finally {
    await client.end();
  }
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0', { lazyConnect: true });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', 'sb:*', 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

const SANDBOX_VHOST = 'switchboard';
const TOPOLOGY_SOURCES = [
  'libs/shared/contracts/src/lib/messaging.constants.ts',
  'libs/backend/util-messaging/src/lib/messaging.topology.ts',
  'libs/backend/util-messaging/src/lib/delay-tier.util.ts',
];
const TOPOLOGY_STAMP = path.join('.sandbox', 'topology.sha256');

function topologyHash() {
  const hash = createHash('sha256');
  for (const file of TOPOLOGY_SOURCES) hash.update(fs.readFileSync(file));
  return hash.digest('hex');
}

/**
 * RabbitMQ refuses to redeclare a queue with other arguments, so a sandbox vhost declared by an
 * older topology would stop the services at start. When the topology sources changed since the
 * last start (or the sandbox data is new), the sandbox vhost is recreated empty.
 */
export function resetSandboxBrokerIfTopologyChanged(force) {
  const current = topologyHash();
  const previous = fs.existsSync(TOPOLOGY_STAMP) ? fs.readFileSync(TOPOLOGY_STAMP, 'utf8').trim() : '';
  if (!force && previous === current) return false;
  const ctl = (...args) => {
    const result = spawnSync('rabbitmqctl', ['-q', ...args], { encoding: 'utf8' });
    if (result.status !== 0)
      throw new Error(`rabbitmqctl ${args.join(' ')}: ${result.stderr || result.error}`);
  };
  ctl('delete_vhost', SANDBOX_VHOST);
  ctl('add_vhost', SANDBOX_VHOST);
  ctl('set_permissions', '-p', SANDBOX_VHOST, 'guest', '.*', '.*', '.*');
  fs.mkdirSync(path.dirname(TOPOLOGY_STAMP), { recursive: true });
  fs.writeFileSync(TOPOLOGY_STAMP, current);
  return true;
}
