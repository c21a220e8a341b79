import { Transactions } from '@switchboard/backend-data-access-persistence';
import { TestIdentities, type Credential } from '../../testing/identities.util';
import { createTenantFixture, type TenantFixture } from '../../testing/fixtures.util';
import { TenantServiceHarness } from '../../testing/tenant-service-harness.util';
import { TENANT_OWNED_TABLES } from './persistence.constants';

describe(`${Transactions.name} (row-level security)`, () => {
  let harness: TenantServiceHarness;
  let admin: Credential;
  let a: TenantFixture;
  let b: TenantFixture;

  beforeAll(async () => {
    const identities = await TestIdentities.create();
    harness = await TenantServiceHarness.start({ label: 'rls', identities });
    admin = await identities.platformAdmin();
    a = await createTenantFixture(harness, admin, 'a');
    b = await createTenantFixture(harness, admin, 'b');
  });

  afterAll(() => harness.destroy());

  it('connects as a role that is neither superuser nor exempt from RLS (or the tests below prove nothing)', async () => {
    const [role] = await harness.dataSource.query(
      `SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`,
    );

    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
  });

  it('enables and forces RLS on every table of the schema but the migration history', async () => {
    const tables: { relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }[] =
      await harness.dataSource.query(
        `SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND c.relkind = 'r' AND c.relname <> 'typeorm_migrations' ORDER BY 1`,
        [harness.schema],
      );

    expect(tables.map((table) => table.relname)).toEqual([...TENANT_OWNED_TABLES].sort());
    expect(tables.every((table) => table.relrowsecurity && table.relforcerowsecurity)).toBe(true);
  });

  it.each(TENANT_OWNED_TABLES)('returns no rows of %s to a deliberately unscoped query', async (table) => {
    const unscoped: unknown[] = await harness.dataSource.query(`SELECT * FROM ${table}`);
    const everything: unknown[] = await harness.transactions.asPlatform((tx) =>
      tx.manager.query(`SELECT * FROM ${table}`),
    );

    expect(unscoped).toEqual([]);
    expect(everything.length).toBeGreaterThanOrEqual(2);
  });

  it.each(TENANT_OWNED_TABLES)(
    'shows a tenant scope only its own rows of %s, even without a WHERE',
    async (table) => {
      const column = table === 'tenants' ? 'id' : 'tenant_id';
      const rows: Record<string, string>[] = await harness.transactions.inTenant(a.tenant.id, (tx) =>
        tx.manager.query(`SELECT ${column} AS owner FROM ${table}`),
      );

      expect(rows.length).toBeGreaterThan(0);
      expect(new Set(rows.map((row) => row['owner']))).toEqual(new Set([a.tenant.id]));
    },
  );

  it("refuses to write a row into another tenant's scope", async () => {
    await expect(
      harness.transactions.inTenant(a.tenant.id, (tx) =>
        tx.manager.query(`UPDATE phone_numbers SET tenant_id = $1`, [b.tenant.id]),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it("cannot change or delete another tenant's rows from a tenant scope", async () => {
    await harness.transactions.inTenant(a.tenant.id, (tx) =>
      tx.manager.query(`UPDATE tenants SET name = 'hijacked' WHERE id = $1`, [b.tenant.id]),
    );
    await harness.transactions.inTenant(a.tenant.id, (tx) =>
      tx.manager.query(`DELETE FROM phone_numbers WHERE tenant_id = $1`, [b.tenant.id]),
    );

    const response = await harness.request<{ name: string }>('GET', `/tenants/${b.tenant.id}`, { as: admin });
    const numbers = await harness.request<{ items: unknown[] }>(
      'GET',
      `/tenants/${b.tenant.id}/phone-numbers`,
      {
        as: admin,
      },
    );
    expect(response.body.name).toBe(b.tenant.name);
    expect(numbers.body.items).toHaveLength(1);
  });

  it('keeps the audit log append-only, even for the owner in a platform scope', async () => {
    await expect(
      harness.transactions.asPlatform((tx) => tx.manager.query(`DELETE FROM audit_log`)),
    ).rejects.toThrow(/append-only/);
    await expect(
      harness.transactions.asPlatform((tx) => tx.manager.query(`UPDATE audit_log SET action = 'x'`)),
    ).rejects.toThrow(/append-only/);
  });
});
