import { Test } from '@nestjs/testing';
import { TEST_DATABASE_URL, dropSchema, uniqueSchemaName } from '@switchboard/backend-testing-infra';
import { ObservabilityModule } from '@switchboard/backend-util-observability';
import { register } from 'prom-client';
import { DataSource } from 'typeorm';
import { AddWidgetColour1700000000001, CreateWidgets1700000000000 } from '../testing/fixture-migrations';
import { DatabaseModule } from './persistence.module';

describe(DatabaseModule.name, () => {
  const schemas: string[] = [];
  afterAll(() => Promise.all(schemas.map((schema) => dropSchema(schema))));

  async function widgetTables(migrateOnStart: boolean): Promise<string[]> {
    const schema = uniqueSchemaName('database-module');
    schemas.push(schema);
    register.clear(); // one global metrics registry, one app at a time
    const app = await Test.createTestingModule({
      imports: [
        ObservabilityModule.forRoot({ serviceName: 'persistence-test', level: 'silent' }),
        DatabaseModule.forRoot({
          url: TEST_DATABASE_URL,
          schema,
          migrations: [CreateWidgets1700000000000, AddWidgetColour1700000000001],
          migrateOnStart,
        }),
      ],
    }).compile();
    await app.init();
    try {
      const rows: { table_name: string }[] = await app
        .get(DataSource)
        .query(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'widgets'`,
          [schema],
        );
      return rows.map((row) => row.table_name);
    } finally {
      await app.close();
    }
  }

  it('applies pending migrations at start only when asked to (migrateOnStart)', async () => {
    expect(await widgetTables(true)).toEqual(['widgets']);
    expect(await widgetTables(false)).toEqual([]);
  });
});
