import { dropSchema, uniqueSchemaName } from '@switchboard/backend-testing-infra';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const workspaceRoot = path.resolve(__dirname, '../../../../..');

function migrate(schema: string) {
  return spawnSync(
    'node',
    ['tools/scripts/migrate.mjs', 'libs/backend/data-access-persistence/src/testing/fixture-data-source.ts'],
    { cwd: workspaceRoot, encoding: 'utf8', env: { ...process.env, FIXTURE_SCHEMA: schema } },
  );
}

describe('tools/scripts/migrate.mjs', () => {
  const schema = uniqueSchemaName('migrate_cli');
  afterAll(() => dropSchema(schema));

  it('applies a service’s migrations, then reports it is up to date', () => {
    const first = migrate(schema);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(
      `${schema}: applied 2: CreateWidgets1700000000000, AddWidgetColour1700000000001`,
    );
    const second = migrate(schema);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain(`${schema}: up to date`);
  });

  it('exits non-zero with the reason when the database refuses', () => {
    const result = migrate('Invalid-Schema');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/invalid schema name/);
  });
});
