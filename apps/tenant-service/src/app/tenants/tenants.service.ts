import { Transactions, type TenantTx } from '@switchboard/backend-data-access-persistence';
import { ForbiddenException, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../access/actor.util';
import { TenantNotFoundException, type TenantAccess } from '../access/tenant-access.decorator';
import { AuditTrail } from '../audit/audit-trail.service';
import { AuthSessions } from '../auth-cache/auth-sessions.service';
import { AuthTokenCache } from '../auth-cache/auth-token-cache.service';
import { IntegrationsRepository } from '../integrations/integrations.repository';
import { LookupCache } from '../lookups/lookup-cache.service';
import type { LookupKeys } from '../lookups/lookups.dto';
import { PhoneNumbersRepository } from '../phone-numbers/phone-numbers.repository';
import type { TenantEntity } from './tenant.entity';
import type {
  CreateTenantDto,
  ListTenantsQueryDto,
  TenantListView,
  TenantSettingsDto,
  TenantStatusView,
  TenantView,
  UpdateTenantDto,
} from './tenants.dto';
import { TenantsRepository, type TenantValues } from './tenants.repository';

export const TENANT_ENTITY = 'tenant';

@Injectable()
export class TenantsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly tenants: TenantsRepository,
    private readonly numbers: PhoneNumbersRepository,
    private readonly integrations: IntegrationsRepository,
    private readonly audit: AuditTrail,
    private readonly cache: LookupCache,
    private readonly tokenCache: AuthTokenCache,
    private readonly authSessions: AuthSessions,
  ) {}

  /** Platform-admin: a new tenant (its id is generated here). */
  create(actor: Actor, input: CreateTenantDto): Promise<TenantView> {
    return this.transactions.inTenant(randomUUID(), async (tx) => {
      const created = await this.tenants.insert(tx, {
        name: input.name,
        status: input.status ?? 'active',
        genesysRegion: input.genesysRegion,
        settings: settingsOf(input.settings),
      });
      const after = toView(created);
      await this.audit.record(tx, actor, {
        action: 'tenant.created',
        entityType: TENANT_ENTITY,
        entityId: created.id,
        after,
      });
      return after;
    });
  }

  /** Platform-admin: every tenant (the only platform-wide read of tenants). */
  list(_actor: Actor, query: ListTenantsQueryDto): Promise<TenantListView> {
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    return this.transactions.asPlatform(async (tx) => {
      const [items, total] = await this.tenants.listAll(tx, { limit, offset, status: query.status });
      return { items: items.map(toView), total, limit, offset };
    });
  }

  get(access: TenantAccess): Promise<TenantView> {
    return this.transactions.inTenant(access.tenantId, async (tx) => toView(await this.require(tx)));
  }

  /** Internal (auth-service): whether the tenant's users may sign in; 404 once it is deleted. */
  statusOf(tenantId: string): Promise<TenantStatusView> {
    return this.transactions.inTenant(tenantId, async (tx) => {
      const tenant = await this.require(tx);
      return { tenantId: tenant.id, status: tenant.status };
    });
  }

  async update(access: TenantAccess, input: UpdateTenantDto): Promise<TenantView> {
    const isPlatformAdmin = access.principal.role === 'platform-admin' && access.principal.kind === 'user';
    if (input.status !== undefined && !isPlatformAdmin) {
      throw new ForbiddenException('only a platform-admin changes the status of a tenant');
    }
    const { after, keys, regionChanged } = await this.transactions.inTenant(access.tenantId, async (tx) => {
      const current = await this.require(tx);
      const values: Partial<TenantValues> = {
        ...(input.name !== undefined && { name: input.name }),
        ...(input.status !== undefined && { status: input.status }),
        ...(input.genesysRegion !== undefined && { genesysRegion: input.genesysRegion }),
        ...(input.settings !== undefined && { settings: settingsOf(input.settings) }),
      };
      const updated = (await this.tenants.update(tx, values)) as TenantEntity;
      const before = toView(current);
      const after = toView(updated);
      await this.audit.record(tx, access.actor, {
        action: 'tenant.updated',
        entityType: TENANT_ENTITY,
        entityId: current.id,
        before,
        after,
      });
      const routingChanged = before.status !== after.status || before.genesysRegion !== after.genesysRegion;
      const regionChanged = before.genesysRegion !== after.genesysRegion;
      return { after, keys: routingChanged ? await this.lookupKeys(tx) : {}, regionChanged };
    });
    await this.cache.invalidate(keys);
    // Genesys tokens are per region: those minted for the old region are no use any more.
    if (regionChanged) this.tokenCache.forgetGenesysTokens(keys.integrationIds ?? []);
    // Also when it was suspended already: repeating the suspension retries a revocation that failed.
    if (input.status === 'suspended') this.authSessions.endTenantSessions(after.id, 'tenant-suspended');
    return after;
  }

  /**
   * Platform-admin: deletes the tenant with its numbers, integrations and API keys (the audit log
   * stays); auth-service then ends its users' sessions.
   */
  async remove(access: TenantAccess): Promise<void> {
    const keys = await this.transactions.inTenant(access.tenantId, async (tx) => {
      const current = await this.require(tx);
      const keys = await this.lookupKeys(tx);
      await this.tenants.delete(tx);
      await this.audit.record(tx, access.actor, {
        action: 'tenant.deleted',
        entityType: TENANT_ENTITY,
        entityId: current.id,
        before: toView(current),
      });
      return keys;
    });
    await this.cache.invalidate(keys);
    this.tokenCache.forgetGenesysTokens(keys.integrationIds ?? []);
    this.tokenCache.forgetWhatsAppTokens(keys.phoneNumberIds ?? []);
    this.authSessions.endTenantSessions(access.tenantId, 'tenant-deleted');
  }

  private async require(tx: TenantTx): Promise<TenantEntity> {
    const tenant = await this.tenants.find(tx);
    if (!tenant) throw new TenantNotFoundException();
    return tenant;
  }

  private async lookupKeys(tx: TenantTx): Promise<LookupKeys> {
    const [numbers, integrations] = await Promise.all([this.numbers.list(tx), this.integrations.list(tx)]);
    return {
      phoneNumberIds: numbers.map((number) => number.phoneNumberId),
      integrationIds: integrations.map((integration) => integration.integrationId),
    };
  }
}

function settingsOf(settings: TenantSettingsDto | undefined): object {
  return settings ? (JSON.parse(JSON.stringify(settings)) as object) : {};
}

export function toView(tenant: TenantEntity): TenantView {
  return {
    id: tenant.id,
    name: tenant.name,
    status: tenant.status,
    genesysRegion: tenant.genesysRegion,
    settings: tenant.settings as TenantSettingsDto,
    createdAt: tenant.createdAt.toISOString(),
    updatedAt: tenant.updatedAt.toISOString(),
  };
}
