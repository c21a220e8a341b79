import {
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
  dropSchema,
  uniqueKeyPrefix,
  uniqueSchemaName,
} from '@switchboard/backend-testing-infra';
import Redis from 'ioredis';
import {
  AddWidgetColour1700000000001,
  BrokenMigration1700000000002,
  CreateWidgets1700000000000,
} from '../testing/fixture-migrations';
import { createRedisClient, waitForRedis } from './redis-client';
import { createServiceDataSource, runServiceMigrations } from './service-data-source';

describe(runServiceMigrations.name, () => {
  const schema = uniqueSchemaName('persistence');
  afterAll(() => dropSchema(schema));

  it('creates the schema and applies pending migrations once, keeping its history inside the schema', async () => {
    const migrations = [CreateWidgets1700000000000, AddWidgetColour1700000000001];
    const first = await runServiceMigrations(
      createServiceDataSource({ url: TEST_DATABASE_URL, schema, migrations }),
    );
    expect(first).toEqual(['CreateWidgets1700000000000', 'AddWidgetColour1700000000001']);

    const second = await runServiceMigrations(
      createServiceDataSource({ url: TEST_DATABASE_URL, schema, migrations }),
    );
    expect(second).toEqual([]);

    const dataSource = createServiceDataSource({ url: TEST_DATABASE_URL, schema });
    await dataSource.initialize();
    try {
      const columns: { column_name: string }[] = await dataSource.query(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'widgets' ORDER BY column_name`,
        [schema],
      );
      expect(columns.map((c) => c.column_name)).toEqual(['colour', 'id', 'name', 'tenant_id']);
      const history: { name: string }[] = await dataSource.query(
        `SELECT name FROM "${schema}".typeorm_migrations`,
      );
      expect(history).toHaveLength(2);
    } finally {
      await dataSource.destroy();
    }
  });

  it('rolls back a failing migration entirely and reports the error', async () => {
    const migrations = [
      CreateWidgets1700000000000,
      AddWidgetColour1700000000001,
      BrokenMigration1700000000002,
    ];
    await expect(
      runServiceMigrations(createServiceDataSource({ url: TEST_DATABASE_URL, schema, migrations })),
    ).rejects.toThrow(/table_that_does_not_exist/);
    const dataSource = createServiceDataSource({ url: TEST_DATABASE_URL, schema });
    await dataSource.initialize();
    try {
      const tables: unknown[] = await dataSource.query(
        `SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'half_done'`,
        [schema],
      );
      expect(tables).toHaveLength(0);
    } finally {
      await dataSource.destroy();
    }
  });

  it('refuses a schema name that could inject SQL', () => {
    expect(() =>
      createServiceDataSource({ url: TEST_DATABASE_URL, schema: 'x"; DROP SCHEMA public; --' }),
    ).toThrow(/invalid schema name/);
  });
});

describe(createRedisClient.name, () => {
  const clients: Redis[] = [];
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.quit().catch(() => client.disconnect())));
  });

  it('writes every key under its prefix', async () => {
    const keyPrefix = uniqueKeyPrefix('persistence');
    const sut = createRedisClient({ url: TEST_REDIS_URL, keyPrefix });
    const raw = new Redis(TEST_REDIS_URL);
    clients.push(sut, raw);
    await waitForRedis(sut);
    await sut.set('greeting', 'hello', 'EX', 60);
    expect(await raw.get(`${keyPrefix}greeting`)).toBe('hello');
    expect(await raw.get('greeting')).toBeNull();
  });

  it('fails a command at once instead of queueing it while Redis is unreachable', async () => {
    const sut = createRedisClient({ url: 'redis://127.0.0.1:1', keyPrefix: 'test:unreachable:' });
    clients.push(sut);
    const started = Date.now();
    await expect(sut.get('anything')).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses a key prefix without a namespace separator', () => {
    expect(() => createRedisClient({ url: TEST_REDIS_URL, keyPrefix: 'NoColon' })).toThrow(
      /invalid Redis key prefix/,
    );
  });
});
