import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { TenantScope } from './tenant-scope';

/**
 * A transaction bound to one tenant: row-level security shows and accepts only that tenant's
 * rows, and repositories add `tenant_id = tx.tenantId` to every statement as the first line of
 * defence. Only {@link Transactions.inTenant} creates one.
 */
export interface TenantTx {
  readonly scope: 'tenant';
  readonly tenantId: string;
  readonly manager: EntityManager;
}

/**
 * A transaction that sees every tenant. Only for platform-wide work: platform-admin operations,
 * internal lookups that find which tenant owns an id, jobs that sweep every tenant.
 */
export interface PlatformTx {
  readonly scope: 'platform';
  readonly manager: EntityManager;
}

/** The typed doors to {@link TenantScope} a service's repositories take their transactions from. */
@Injectable()
export class Transactions {
  private readonly scope: TenantScope;

  constructor(dataSource: DataSource) {
    this.scope = new TenantScope(dataSource);
  }

  inTenant<T>(tenantId: string, work: (tx: TenantTx) => Promise<T>): Promise<T> {
    return this.scope.run(tenantId, (manager) => work({ scope: 'tenant', tenantId, manager }));
  }

  asPlatform<T>(work: (tx: PlatformTx) => Promise<T>): Promise<T> {
    return this.scope.runAsPlatform((manager) => work({ scope: 'platform', manager }));
  }
}
