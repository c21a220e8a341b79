import type { PlatformTx, TenantTx } from '@switchboard/backend-data-access-persistence';
import { Injectable } from '@nestjs/common';
import { TenantEntity, type TenantStatus } from './tenant.entity';

export type TenantValues = Pick<TenantEntity, 'name' | 'status' | 'genesysRegion' | 'settings'>;

@Injectable()
export class TenantsRepository {
  find(tx: TenantTx): Promise<TenantEntity | null> {
    return tx.manager.findOne(TenantEntity, { where: { id: tx.tenantId } });
  }

  /** Creates the transaction's tenant (its id is the tenant id of the transaction). */
  async insert(tx: TenantTx, values: TenantValues): Promise<TenantEntity> {
    const now = new Date();
    const entity = tx.manager.create(TenantEntity, {
      ...values,
      id: tx.tenantId,
      createdAt: now,
      updatedAt: now,
    });
    await tx.manager.insert(TenantEntity, entity);
    return entity;
  }

  async update(tx: TenantTx, values: Partial<TenantValues>): Promise<TenantEntity | null> {
    await tx.manager.update(TenantEntity, { id: tx.tenantId }, { ...values, updatedAt: new Date() });
    return this.find(tx);
  }

  async delete(tx: TenantTx): Promise<void> {
    await tx.manager.delete(TenantEntity, { id: tx.tenantId });
  }

  /** Platform-admin only: every tenant, newest first. */
  listAll(
    tx: PlatformTx,
    query: { limit: number; offset: number; status?: TenantStatus },
  ): Promise<[TenantEntity[], number]> {
    return tx.manager.findAndCount(TenantEntity, {
      where: query.status ? { status: query.status } : {},
      order: { createdAt: 'DESC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
  }
}
