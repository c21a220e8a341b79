import { Injectable } from '@nestjs/common';
import { TenantDirectoryClient } from '@switchboard/backend-data-access-platform-clients';
import { PermanentError } from '@switchboard/backend-util-messaging';

/** Where a tenant's number delivers to in Genesys. */
export interface TenantRoute {
  readonly integrationId: string;
  readonly displayPhoneNumber: string | null;
}

/**
 * The Genesys integration of a tenant's WhatsApp number, checked against the envelope's tenant:
 * a number that belongs to no tenant, to another tenant, to a suspended tenant or to no
 * integration yet cannot be delivered, and the reason goes to the dead-letter queue (replayable
 * once fixed).
 */
@Injectable()
export class TenantRoutes {
  constructor(private readonly directory: TenantDirectoryClient) {}

  async resolve(tenantId: string, phoneNumberId: string): Promise<TenantRoute> {
    const lookup = await this.directory.byPhoneNumberId(phoneNumberId);
    if (!lookup) throw new PermanentError(`phone number ${phoneNumberId} belongs to no tenant`);
    if (lookup.tenantId !== tenantId) {
      throw new PermanentError(`phone number ${phoneNumberId} does not belong to tenant ${tenantId}`);
    }
    if (lookup.tenantStatus !== 'active') {
      throw new PermanentError(`tenant ${tenantId} is ${lookup.tenantStatus}`);
    }
    if (!lookup.integrationId) {
      throw new PermanentError(
        `phone number ${phoneNumberId} has no Genesys integration yet (onboarding not finished)`,
      );
    }
    return { integrationId: lookup.integrationId, displayPhoneNumber: lookup.displayNumber };
  }
}
