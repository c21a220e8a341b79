import type { PlatformTx, TenantTx } from '@switchboard/backend-data-access-persistence';
import { Injectable } from '@nestjs/common';
import { IsNull, LessThan, Or } from 'typeorm';
import { ApiKeyEntity } from './api-key.entity';

export type NewApiKey = Pick<
  ApiKeyEntity,
  'name' | 'prefix' | 'keyHash' | 'createdByKind' | 'createdById' | 'expiresAt'
>;

@Injectable()
export class ApiKeysRepository {
  list(tx: TenantTx): Promise<ApiKeyEntity[]> {
    return tx.manager.find(ApiKeyEntity, {
      where: { tenantId: tx.tenantId },
      order: { createdAt: 'DESC', id: 'ASC' },
    });
  }

  find(tx: TenantTx, keyId: string): Promise<ApiKeyEntity | null> {
    return tx.manager.findOne(ApiKeyEntity, { where: { tenantId: tx.tenantId, id: keyId } });
  }

  async insert(tx: TenantTx, id: string, values: NewApiKey): Promise<ApiKeyEntity> {
    const entity = tx.manager.create(ApiKeyEntity, {
      ...values,
      id,
      tenantId: tx.tenantId,
      createdAt: new Date(),
      revokedAt: null,
      lastUsedAt: null,
      replacedById: null,
    });
    await tx.manager.insert(ApiKeyEntity, entity);
    return entity;
  }

  async update(
    tx: TenantTx,
    keyId: string,
    values: Partial<Pick<ApiKeyEntity, 'expiresAt' | 'revokedAt' | 'replacedById'>>,
  ): Promise<ApiKeyEntity> {
    await tx.manager.update(ApiKeyEntity, { tenantId: tx.tenantId, id: keyId }, values);
    return (await this.find(tx, keyId)) as ApiKeyEntity;
  }

  /** Verification of a presented key: the prefix is unique across tenants, so this is a platform read. */
  findByPrefix(tx: PlatformTx, prefix: string): Promise<ApiKeyEntity | null> {
    return tx.manager.findOne(ApiKeyEntity, { where: { prefix } });
  }

  /** Records a use, at most once per `intervalMs` per key (no write on every request). */
  async touch(tx: PlatformTx, keyId: string, now: Date, intervalMs: number): Promise<void> {
    await tx.manager.update(
      ApiKeyEntity,
      { id: keyId, lastUsedAt: Or(IsNull(), LessThan(new Date(now.getTime() - intervalMs))) },
      { lastUsedAt: now },
    );
  }
}
