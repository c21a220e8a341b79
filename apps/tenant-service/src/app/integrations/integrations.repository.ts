import type { TenantTx } from '@switchboard/backend-data-access-persistence';
import { Injectable } from '@nestjs/common';
import { GenesysIntegrationEntity } from './genesys-integration.entity';

export type IntegrationValues = Omit<
  GenesysIntegrationEntity,
  'id' | 'tenantId' | 'numberId' | 'createdAt' | 'updatedAt'
>;

@Injectable()
export class IntegrationsRepository {
  list(tx: TenantTx): Promise<GenesysIntegrationEntity[]> {
    return tx.manager.find(GenesysIntegrationEntity, { where: { tenantId: tx.tenantId } });
  }

  findByNumber(tx: TenantTx, numberId: string): Promise<GenesysIntegrationEntity | null> {
    return tx.manager.findOne(GenesysIntegrationEntity, { where: { tenantId: tx.tenantId, numberId } });
  }

  findByIntegrationId(tx: TenantTx, integrationId: string): Promise<GenesysIntegrationEntity | null> {
    return tx.manager.findOne(GenesysIntegrationEntity, { where: { tenantId: tx.tenantId, integrationId } });
  }

  async insert(
    tx: TenantTx,
    id: string,
    numberId: string,
    values: IntegrationValues,
  ): Promise<GenesysIntegrationEntity> {
    const now = new Date();
    const entity = tx.manager.create(GenesysIntegrationEntity, {
      ...values,
      id,
      numberId,
      tenantId: tx.tenantId,
      createdAt: now,
      updatedAt: now,
    });
    await tx.manager.insert(GenesysIntegrationEntity, entity);
    return entity;
  }

  async update(
    tx: TenantTx,
    id: string,
    values: Partial<IntegrationValues>,
  ): Promise<GenesysIntegrationEntity | null> {
    await tx.manager.update(
      GenesysIntegrationEntity,
      { tenantId: tx.tenantId, id },
      { ...values, updatedAt: new Date() },
    );
    return tx.manager.findOne(GenesysIntegrationEntity, { where: { tenantId: tx.tenantId, id } });
  }

  async delete(tx: TenantTx, id: string): Promise<void> {
    await tx.manager.delete(GenesysIntegrationEntity, { tenantId: tx.tenantId, id });
  }
}
