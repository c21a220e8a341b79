import { Transactions, type TenantTx } from '@switchboard/backend-data-access-persistence';
import { Injectable, NotFoundException } from '@nestjs/common';
import { META_ID_PATTERN, GENESYS_ID_PATTERN } from '../common/ids.util';
import { IntegrationsRepository } from '../integrations/integrations.repository';
import type { PhoneNumberEntity } from '../phone-numbers/phone-number.entity';
import { PhoneNumbersRepository } from '../phone-numbers/phone-numbers.repository';
import { TenantsRepository } from '../tenants/tenants.repository';
import { LookupCache } from './lookup-cache.service';
import type { TenantLookupView } from './lookups.dto';
import { TenantRoutingRepository } from './tenant-routing.repository';

/** phone_number_id → tenant and number, integrationId → tenant and number, for the pipelines. */
@Injectable()
export class LookupsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly routing: TenantRoutingRepository,
    private readonly tenants: TenantsRepository,
    private readonly numbers: PhoneNumbersRepository,
    private readonly integrations: IntegrationsRepository,
    private readonly cache: LookupCache,
  ) {}

  async byPhoneNumberId(phoneNumberId: string): Promise<TenantLookupView> {
    if (!META_ID_PATTERN.test(phoneNumberId)) throw new NotFoundException('unknown phone number');
    const view = await this.cache.getOrLoad('phone-number', phoneNumberId, async () => {
      const tenantId = await this.transactions.asPlatform((tx) =>
        this.routing.ownerOfPhoneNumber(tx, phoneNumberId),
      );
      if (!tenantId) return null;
      return this.transactions.inTenant(tenantId, async (tx) => {
        const number = await this.numbers.findByPhoneNumberId(tx, phoneNumberId);
        return number ? this.view(tx, number) : null;
      });
    });
    if (!view) throw new NotFoundException('unknown phone number');
    return view;
  }

  async byIntegrationId(integrationId: string): Promise<TenantLookupView> {
    if (!GENESYS_ID_PATTERN.test(integrationId)) throw new NotFoundException('unknown integration');
    const view = await this.cache.getOrLoad('integration', integrationId, async () => {
      const tenantId = await this.transactions.asPlatform((tx) =>
        this.routing.ownerOfIntegration(tx, integrationId),
      );
      if (!tenantId) return null;
      return this.transactions.inTenant(tenantId, async (tx) => {
        const integration = await this.integrations.findByIntegrationId(tx, integrationId);
        const number = integration ? await this.numbers.find(tx, integration.numberId) : null;
        return number ? this.view(tx, number) : null;
      });
    });
    if (!view) throw new NotFoundException('unknown integration');
    return view;
  }

  private async view(tx: TenantTx, number: PhoneNumberEntity): Promise<TenantLookupView | null> {
    const tenant = await this.tenants.find(tx);
    if (!tenant) return null;
    const integration = await this.integrations.findByNumber(tx, number.id);
    return {
      tenantId: tenant.id,
      tenantStatus: tenant.status,
      numberId: number.id,
      phoneNumberId: number.phoneNumberId,
      displayNumber: number.displayNumber,
      wabaId: number.wabaId,
      throughputTier: number.throughputTier,
      integrationId: integration?.integrationId ?? null,
      genesysRegion: tenant.genesysRegion,
    };
  }
}
