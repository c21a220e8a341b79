// Drops the sandbox's service schemas and Redis keys. Used when the sandbox secrets are new:
// rows encrypted or users created under the old ones would be unusable. Touches only the
// sandbox database `switchboard` and the `sb:` keys of Redis database 0, never the test ones.
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
