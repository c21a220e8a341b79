import type { TenantTx } from '@switchboard/backend-data-access-persistence';
import { Injectable } from '@nestjs/common';
import { PhoneNumberEntity } from './phone-number.entity';

export type PhoneNumberValues = Omit<PhoneNumberEntity, 'id' | 'tenantId' | 'createdAt' | 'updatedAt'>;

@Injectable()
export class PhoneNumbersRepository {
  list(tx: TenantTx): Promise<PhoneNumberEntity[]> {
    return tx.manager.find(PhoneNumberEntity, {
      where: { tenantId: tx.tenantId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  find(tx: TenantTx, numberId: string): Promise<PhoneNumberEntity | null> {
    return tx.manager.findOne(PhoneNumberEntity, { where: { tenantId: tx.tenantId, id: numberId } });
  }

  findByPhoneNumberId(tx: TenantTx, phoneNumberId: string): Promise<PhoneNumberEntity | null> {
    return tx.manager.findOne(PhoneNumberEntity, { where: { tenantId: tx.tenantId, phoneNumberId } });
  }

  /** Inserts a number with a chosen id (secrets are bound to it, so it is known before encrypting). */
  async insert(tx: TenantTx, id: string, values: PhoneNumberValues): Promise<PhoneNumberEntity> {
    const now = new Date();
    const entity = tx.manager.create(PhoneNumberEntity, {
      ...values,
      id,
      tenantId: tx.tenantId,
      createdAt: now,
      updatedAt: now,
    });
    await tx.manager.insert(PhoneNumberEntity, entity);
    return entity;
  }

  async update(
    tx: TenantTx,
    numberId: string,
    values: Partial<PhoneNumberValues>,
  ): Promise<PhoneNumberEntity | null> {
    await tx.manager.update(
      PhoneNumberEntity,
      { tenantId: tx.tenantId, id: numberId },
      { ...values, updatedAt: new Date() },
    );
    return this.find(tx, numberId);
  }

  async delete(tx: TenantTx, numberId: string): Promise<void> {
    await tx.manager.delete(PhoneNumberEntity, { tenantId: tx.tenantId, id: numberId });
  }
}
