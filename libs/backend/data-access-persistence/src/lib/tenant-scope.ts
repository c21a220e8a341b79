import type { DataSource, EntityManager } from 'typeorm';

// Row-level security is the second line of defence behind tenant-scoped repositories: every
// tenant-owned table gets the policies below, so that a query which forgets the tenant sees no
// rows at all. Policies read transaction-local settings, set by TenantScope for one transaction.
const TENANT_SETTING = 'app.tenant_id';
const PLATFORM_SETTING = 'app.platform_scope';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export class InvalidTenantIdError extends Error {
  constructor(tenantId: string) {
    super(`invalid tenant id "${tenantId.slice(0, 64)}"`);
    this.name = InvalidTenantIdError.name;
  }
}

/**
 * SQL for a migration: enables and forces row-level security on a tenant-owned table (FORCE
 * makes it apply to the table owner too, which the services connect as) and adds the policies:
 * rows of the transaction's tenant, or every row inside an explicit platform-admin scope.
 */
export function tenantIsolationStatements(table: string, tenantColumn = 'tenant_id'): string[] {
  if (!IDENTIFIER.test(table) || !IDENTIFIER.test(tenantColumn))
    throw new Error(`invalid identifier ${table}.${tenantColumn}`);
  const ownTenant = `${tenantColumn} = NULLIF(current_setting('${TENANT_SETTING}', true), '')::uuid`;
  return [
    `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY ${table}_tenant_isolation ON ${table} USING (${ownTenant}) WITH CHECK (${ownTenant})`,
    `CREATE POLICY ${table}_platform_scope ON ${table} USING (current_setting('${PLATFORM_SETTING}', true) = 'on') WITH CHECK (current_setting('${PLATFORM_SETTING}', true) = 'on')`,
  ];
}

/** Runs database work inside a transaction bound to one tenant (or, explicitly, to the platform). */
export class TenantScope {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(tenantId: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!UUID.test(tenantId)) throw new InvalidTenantIdError(tenantId);
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT set_config('${TENANT_SETTING}', $1, true)`, [tenantId]);
      return work(manager);
    });
  }

  /** Every tenant's rows: only for platform-admin operations (tenant lists, onboarding, lookups). */
  runAsPlatform<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT set_config('${PLATFORM_SETTING}', 'on', true)`);
      return work(manager);
    });
  }
}
