import type { PlatformTx } from '@switchboard/backend-data-access-persistence';
import { Injectable } from '@nestjs/common';
import { GenesysIntegrationEntity } from '../integrations/genesys-integration.entity';
import { PhoneNumberEntity } from '../phone-numbers/phone-number.entity';

/**
 * The only platform-wide reads of numbers and integrations: which tenant owns a globally unique
 * id. Everything else about the row is then read inside that tenant's scope.
 */
@Injectable()
export class TenantRoutingRepository {
  async ownerOfPhoneNumber(tx: PlatformTx, phoneNumberId: string): Promise<string | null> {
    const row = await tx.manager.findOne(PhoneNumberEntity, {
      select: { tenantId: true },
      where: { phoneNumberId },
    });
    return row?.tenantId ?? null;
  }

  async ownerOfIntegration(tx: PlatformTx, integrationId: string): Promise<string | null> {
    const row = await tx.manager.findOne(GenesysIntegrationEntity, {
      select: { tenantId: true },
      where: { integrationId },
    });
    return row?.tenantId ?? null;
  }
}
