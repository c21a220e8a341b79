import type { TenantDirectoryClient } from '@switchboard/backend-data-access-platform-clients';
import type { Sender } from '../graph/whatsapp-graph.client';
import { UndeliverableError } from '../graph/whatsapp.errors';

/**
 * The sending number of a delivery, checked against tenant-service (cached there 60 s): it must
 * belong to the envelope's tenant (**cross-tenant guard**: a tenant's message never goes out
 * with another tenant's number and token) and the tenant must be active.
 */
export class NumberRoutes {
  constructor(private readonly directory: Pick<TenantDirectoryClient, 'byPhoneNumberId'>) {}

  async resolve(tenantId: string, phoneNumberId: string): Promise<Sender> {
    const lookup = await this.directory.byPhoneNumberId(phoneNumberId);
    if (!lookup) throw new UndeliverableError(`phone number ${phoneNumberId} belongs to no tenant`);
    if (lookup.tenantId !== tenantId) {
      throw new UndeliverableError(
        `phone number ${phoneNumberId} does not belong to tenant ${tenantId}: cross-tenant delivery refused`,
      );
    }
    if (lookup.tenantStatus !== 'active') {
      throw new UndeliverableError(`tenant ${tenantId} is ${lookup.tenantStatus}: nothing is sent for it`);
    }
    return { tenantId, phoneNumberId, throughputTier: lookup.throughputTier };
  }
}
