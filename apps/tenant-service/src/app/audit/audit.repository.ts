import type { PlatformTx, TenantTx } from '@switchboard/backend-data-access-persistence';
import { Injectable } from '@nestjs/common';
import type { SelectQueryBuilder } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity';

export type NewAuditEntry = Omit<AuditEntryEntity, 'id' | 'occurredAt' | 'tenantId'>;

export interface AuditPage {
  readonly limit: number;
  /** Entries older than this id (cursor of the previous page). */
  readonly before?: string;
}

@Injectable()
export class AuditRepository {
  async append(tx: TenantTx, entry: NewAuditEntry): Promise<void> {
    await tx.manager.insert(AuditEntryEntity, { ...entry, tenantId: tx.tenantId, occurredAt: new Date() });
  }

  /** A platform-wide action (no tenant), written in a platform transaction. */
  async appendPlatform(tx: PlatformTx, entry: NewAuditEntry): Promise<void> {
    await tx.manager.insert(AuditEntryEntity, { ...entry, tenantId: null, occurredAt: new Date() });
  }

  list(tx: TenantTx, page: AuditPage): Promise<AuditEntryEntity[]> {
    const query = tx.manager
      .createQueryBuilder(AuditEntryEntity, 'entry')
      .where('entry.tenant_id = :tenantId', { tenantId: tx.tenantId });
    return this.paged(query, page);
  }

  listAll(tx: PlatformTx, page: AuditPage & { tenantId?: string }): Promise<AuditEntryEntity[]> {
    const query = tx.manager.createQueryBuilder(AuditEntryEntity, 'entry').where('true');
    if (page.tenantId) query.andWhere('entry.tenant_id = :tenantId', { tenantId: page.tenantId });
    return this.paged(query, page);
  }

  private paged(query: SelectQueryBuilder<AuditEntryEntity>, page: AuditPage): Promise<AuditEntryEntity[]> {
    if (page.before) query.andWhere('entry.id < :before', { before: page.before });
    return query.orderBy('entry.id', 'DESC').limit(page.limit).getMany();
  }
}
