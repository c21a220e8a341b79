import { TEST_DATABASE_URL, dropSchema, uniqueSchemaName } from '@switchboard/backend-testing-infra';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createServiceDataSource } from './service-data-source';
import { InvalidTenantIdError, TenantScope, tenantIsolationStatements } from './tenant-scope';

describe(TenantScope.name, () => {
  const schema = uniqueSchemaName('tenant_scope');
  const tenantA = randomUUID();
  const tenantB = randomUUID();
  let dataSource: DataSource;
  let sut: TenantScope;

  beforeAll(async () => {
    dataSource = createServiceDataSource({ url: TEST_DATABASE_URL, schema });
    await dataSource.initialize();
    await dataSource.query(`CREATE SCHEMA "${schema}"`);
    await dataSource.query(
      `CREATE TABLE notes (id serial PRIMARY KEY, tenant_id uuid NOT NULL, body text NOT NULL)`,
    );
    for (const statement of tenantIsolationStatements('notes')) await dataSource.query(statement);
    sut = new TenantScope(dataSource);
    await sut.run(tenantA, (m) =>
      m.query(`INSERT INTO notes (tenant_id, body) VALUES ($1, 'a1'), ($1, 'a2')`, [tenantA]),
    );
    await sut.run(tenantB, (m) =>
      m.query(`INSERT INTO notes (tenant_id, body) VALUES ($1, 'b1')`, [tenantB]),
    );
  });

  afterAll(async () => {
    await dataSource.destroy();
    await dropSchema(schema);
  });

  it('runs as a role that is neither superuser nor exempt from RLS (or this test proves nothing)', async () => {
    const [role] = await dataSource.query(
      `SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`,
    );
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
  });

  it('returns no rows to a deliberately unscoped query', async () => {
    expect(await dataSource.query(`SELECT * FROM notes`)).toEqual([]);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM notes WHERE body LIKE 'a%'`)).toEqual([
      { n: 0 },
    ]);
  });

  it('shows a tenant its own rows only, even when the query forgets the tenant', async () => {
    const rows: { body: string }[] = await sut.run(tenantA, (m) =>
      m.query(`SELECT body FROM notes ORDER BY body`),
    );
    expect(rows.map((r) => r.body)).toEqual(['a1', 'a2']);
  });

  it('refuses to write a row for another tenant inside a tenant scope', async () => {
    await expect(
      sut.run(tenantA, (m) =>
        m.query(`INSERT INTO notes (tenant_id, body) VALUES ($1, 'smuggled')`, [tenantB]),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('cannot update or delete another tenant’s rows', async () => {
    await sut.run(tenantA, (m) => m.query(`UPDATE notes SET body = 'hacked'`));
    await sut.run(tenantA, (m) => m.query(`DELETE FROM notes WHERE body = 'b1'`));
    const rows: { body: string }[] = await sut.run(tenantB, (m) => m.query(`SELECT body FROM notes`));
    expect(rows.map((r) => r.body)).toEqual(['b1']);
  });

  it('leaves no tenant setting behind on the pooled connection', async () => {
    await sut.run(tenantA, (m) => m.query(`SELECT 1`));
    expect(await dataSource.query(`SELECT * FROM notes`)).toEqual([]);
  });

  it('sees every tenant only in an explicit platform scope', async () => {
    const rows: unknown[] = await sut.runAsPlatform((m) => m.query(`SELECT * FROM notes`));
    expect(rows.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses a tenant id that is not a UUID', () => {
    expect(() => sut.run("' OR 1=1 --", async () => undefined)).toThrow(InvalidTenantIdError);
  });
});
