import { Transactions, type TenantTx } from '@switchboard/backend-data-access-persistence';
import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { TenantNotFoundException, type TenantAccess } from '../access/tenant-access.decorator';
import { AuditTrail } from '../audit/audit-trail.service';
import { AuthTokenCache } from '../auth-cache/auth-token-cache.service';
import { isUniqueViolation, isUuid } from '../common/ids.util';
import { secretView, type SecretViewDto } from '../common/secret-view.dto';
import { TENANT_SERVICE_CONFIG, type TenantServiceConfig } from '../config/tenant-service.config';
import { SecretCipher, type SecretBinding } from '../crypto/secret-cipher.service';
import { LookupCache } from '../lookups/lookup-cache.service';
import { TenantRoutingRepository } from '../lookups/tenant-routing.repository';
import type { PhoneNumberEntity } from '../phone-numbers/phone-number.entity';
import { PhoneNumberNotFoundException } from '../phone-numbers/phone-numbers.service';
import { PhoneNumbersRepository } from '../phone-numbers/phone-numbers.repository';
import type { TenantEntity } from '../tenants/tenant.entity';
import { TenantsRepository } from '../tenants/tenants.repository';
import type { GenesysIntegrationEntity } from './genesys-integration.entity';
import type {
  CreateIntegrationDto,
  IntegrationView,
  OAuthCredentialsView,
  UpdateIntegrationDto,
  WebhookSecretView,
} from './integrations.dto';
import { IntegrationsRepository, type IntegrationValues } from './integrations.repository';

export const INTEGRATION_ENTITY = 'genesys-integration';

export interface IntegrationSecrets {
  readonly integrationId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly webhookSecret: string;
}

/** What Genesys onboarding needs to know about a number's current integration. */
export interface ExistingIntegration {
  readonly integrationId: string;
  readonly webhookSecret: string;
}

export class IntegrationNotFoundException extends NotFoundException {
  constructor() {
    super('integration not found');
  }
}

@Injectable()
export class IntegrationsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly tenants: TenantsRepository,
    private readonly numbers: PhoneNumbersRepository,
    private readonly integrations: IntegrationsRepository,
    private readonly routing: TenantRoutingRepository,
    private readonly cipher: SecretCipher,
    private readonly audit: AuditTrail,
    private readonly cache: LookupCache,
    private readonly tokenCache: AuthTokenCache,
    @Inject(TENANT_SERVICE_CONFIG) private readonly config: TenantServiceConfig,
  ) {}

  get(access: TenantAccess, numberId: string): Promise<IntegrationView> {
    return this.transactions.inTenant(access.tenantId, async (tx) => {
      const { integration } = await this.requireIntegration(tx, numberId);
      return this.toView(integration);
    });
  }

  async create(
    access: TenantAccess,
    numberId: string,
    input: CreateIntegrationDto,
  ): Promise<IntegrationView> {
    const { view, number } = await this.transactions
      .inTenant(access.tenantId, async (tx) => {
        const { number } = await this.requireNumber(tx, numberId);
        if (await this.integrations.findByNumber(tx, number.id)) {
          throw new ConflictException('this number already has an integration; update it instead');
        }
        const created = await this.insert(tx, number.id, input);
        const after = this.toView(created);
        await this.audit.record(tx, access.actor, {
          action: 'integration.created',
          entityType: INTEGRATION_ENTITY,
          entityId: created.id,
          after,
        });
        return { view: after, number };
      })
      .catch(rethrowTaken);
    await this.cache.invalidate({
      phoneNumberIds: [number.phoneNumberId],
      integrationIds: [view.integrationId],
    });
    return view;
  }

  async update(
    access: TenantAccess,
    numberId: string,
    input: UpdateIntegrationDto,
  ): Promise<IntegrationView> {
    const { before, after, number } = await this.transactions
      .inTenant(access.tenantId, async (tx) => {
        const { number, integration } = await this.requireIntegration(tx, numberId);
        const updated = await this.applyUpdate(tx, integration, input);
        const change = { before: this.toView(integration), after: this.toView(updated) };
        await this.audit.record(tx, access.actor, {
          action: 'integration.updated',
          entityType: INTEGRATION_ENTITY,
          entityId: integration.id,
          ...change,
        });
        return { ...change, number };
      })
      .catch(rethrowTaken);
    await this.cache.invalidate({
      phoneNumberIds: [number.phoneNumberId],
      integrationIds: [before.integrationId, after.integrationId],
    });
    if (
      input.clientId !== undefined ||
      input.clientSecret !== undefined ||
      input.integrationId !== undefined
    ) {
      this.tokenCache.forgetGenesysTokens([before.integrationId]);
    }
    return after;
  }

  async remove(access: TenantAccess, numberId: string): Promise<void> {
    const { before, number } = await this.transactions.inTenant(access.tenantId, async (tx) => {
      const { number, integration } = await this.requireIntegration(tx, numberId);
      const view = this.toView(integration);
      await this.integrations.delete(tx, integration.id);
      await this.audit.record(tx, access.actor, {
        action: 'integration.deleted',
        entityType: INTEGRATION_ENTITY,
        entityId: integration.id,
        before: view,
      });
      return { before: view, number };
    });
    await this.cache.invalidate({
      phoneNumberIds: [number.phoneNumberId],
      integrationIds: [before.integrationId],
    });
    this.tokenCache.forgetGenesysTokens([before.integrationId]);
  }

  /** The number (404 unless the tenant's) and its integration, if any, with the webhook secret. */
  existing(
    access: TenantAccess,
    numberId: string,
  ): Promise<{ number: PhoneNumberEntity; tenant: TenantEntity; integration: ExistingIntegration | null }> {
    return this.transactions.inTenant(access.tenantId, async (tx) => {
      const { number, tenant } = await this.requireNumber(tx, numberId);
      const integration = await this.integrations.findByNumber(tx, number.id);
      return {
        number,
        tenant,
        integration: integration && {
          integrationId: integration.integrationId,
          webhookSecret: this.cipher.decrypt(
            integration.webhookSecretCiphertext,
            binding(integration.id, 'webhook_secret'),
          ),
        },
      };
    });
  }

  /** Whether another tenant already holds this Genesys integration id. */
  async isTakenByAnotherTenant(access: TenantAccess, integrationId: string): Promise<boolean> {
    const owner = await this.transactions.asPlatform((tx) =>
      this.routing.ownerOfIntegration(tx, integrationId),
    );
    return owner !== null && owner !== access.tenantId;
  }

  /**
   * Stores the result of Genesys onboarding: creates or replaces the number's integration, and
   * sets the tenant's Genesys region (one Genesys organisation, so one region, per tenant).
   */
  async saveOnboarded(
    access: TenantAccess,
    numberId: string,
    region: string,
    secrets: IntegrationSecrets,
  ): Promise<IntegrationView> {
    const { before, after, number, regionChanged } = await this.transactions
      .inTenant(access.tenantId, async (tx) => {
        const { number, tenant } = await this.requireNumber(tx, numberId);
        if (tenant.genesysRegion !== region) {
          await this.tenants.update(tx, { genesysRegion: region });
          await this.audit.record(tx, access.actor, {
            action: 'tenant.updated',
            entityType: 'tenant',
            entityId: tenant.id,
            before: { genesysRegion: tenant.genesysRegion },
            after: { genesysRegion: region },
          });
        }
        const existing = await this.integrations.findByNumber(tx, number.id);
        const saved = existing
          ? await this.applyUpdate(tx, existing, secrets)
          : await this.insert(tx, number.id, secrets);
        const change = { before: existing && this.toView(existing), after: this.toView(saved) };
        await this.audit.record(tx, access.actor, {
          action: 'onboarding.genesys.completed',
          entityType: INTEGRATION_ENTITY,
          entityId: saved.id,
          ...change,
        });
        return { ...change, number, regionChanged: tenant.genesysRegion !== region };
      })
      .catch(rethrowTaken);
    // A region change affects the lookups of every number of the tenant.
    const all = regionChanged
      ? await this.transactions.inTenant(access.tenantId, async (tx) => ({
          numbers: await this.numbers.list(tx),
          integrations: await this.integrations.list(tx),
        }))
      : { numbers: [], integrations: [] };
    await this.cache.invalidate({
      phoneNumberIds: [number.phoneNumberId, ...all.numbers.map((n) => n.phoneNumberId)],
      integrationIds: [
        before?.integrationId,
        after.integrationId,
        ...all.integrations.map((i) => i.integrationId),
      ],
    });
    // New client credentials, or a new region: the tokens minted before are for the old ones.
    this.tokenCache.forgetGenesysTokens([
      before?.integrationId,
      ...all.integrations.map((integration) => integration.integrationId),
    ]);
    return after;
  }

  /** Internal (auth-service): the OAuth client of an integration, decrypted. */
  async oauthCredentials(integrationId: string): Promise<OAuthCredentialsView> {
    return this.withIntegration(integrationId, async (tx, integration) => {
      const tenant = (await this.tenants.find(tx)) as TenantEntity;
      return {
        tenantId: tx.tenantId,
        region: tenant.genesysRegion,
        clientId: integration.clientId,
        clientSecret: this.cipher.decrypt(
          integration.clientSecretCiphertext,
          binding(integration.id, 'client_secret'),
        ),
      };
    });
  }

  /** Internal (genesys-webhook-service): the secret that signs the integration's webhooks. */
  async webhookSecret(integrationId: string): Promise<WebhookSecretView> {
    return this.withIntegration(integrationId, async (tx, integration) => ({
      tenantId: tx.tenantId,
      secret: this.cipher.decrypt(
        integration.webhookSecretCiphertext,
        binding(integration.id, 'webhook_secret'),
      ),
    }));
  }

  webhookUrl(integrationId: string): string {
    const base = this.config.PUBLIC_WEBHOOK_BASE_URL.replace(/\/+$/, '');
    return `${base}/webhooks/genesys/${encodeURIComponent(integrationId)}`;
  }

  private async withIntegration<T>(
    integrationId: string,
    work: (tx: TenantTx, integration: GenesysIntegrationEntity) => Promise<T>,
  ): Promise<T> {
    const tenantId = await this.transactions.asPlatform((tx) =>
      this.routing.ownerOfIntegration(tx, integrationId),
    );
    if (!tenantId) throw new IntegrationNotFoundException();
    return this.transactions.inTenant(tenantId, async (tx) => {
      const integration = await this.integrations.findByIntegrationId(tx, integrationId);
      if (!integration) throw new IntegrationNotFoundException();
      return work(tx, integration);
    });
  }

  private insert(
    tx: TenantTx,
    numberId: string,
    input: IntegrationSecrets,
  ): Promise<GenesysIntegrationEntity> {
    const id = randomUUID();
    return this.integrations.insert(tx, id, numberId, {
      integrationId: input.integrationId,
      clientId: input.clientId,
      ...this.clientSecretColumns(id, input.clientSecret),
      ...this.webhookSecretColumns(id, input.webhookSecret),
    });
  }

  private async applyUpdate(
    tx: TenantTx,
    integration: GenesysIntegrationEntity,
    input: Partial<IntegrationSecrets>,
  ): Promise<GenesysIntegrationEntity> {
    const values: Partial<IntegrationValues> = {
      ...(input.integrationId !== undefined && { integrationId: input.integrationId }),
      ...(input.clientId !== undefined && { clientId: input.clientId }),
      ...(input.clientSecret !== undefined && this.clientSecretColumns(integration.id, input.clientSecret)),
      ...(input.webhookSecret !== undefined &&
        this.webhookSecretColumns(integration.id, input.webhookSecret)),
    };
    return (await this.integrations.update(tx, integration.id, values)) as GenesysIntegrationEntity;
  }

  private clientSecretColumns(id: string, clientSecret: string) {
    return {
      clientSecretCiphertext: this.cipher.encrypt(clientSecret, binding(id, 'client_secret')),
      clientSecretFingerprint: this.cipher.fingerprint(clientSecret),
      clientSecretSetAt: new Date(),
    };
  }

  private webhookSecretColumns(id: string, webhookSecret: string) {
    return {
      webhookSecretCiphertext: this.cipher.encrypt(webhookSecret, binding(id, 'webhook_secret')),
      webhookSecretFingerprint: this.cipher.fingerprint(webhookSecret),
      webhookSecretSetAt: new Date(),
    };
  }

  private async requireNumber(
    tx: TenantTx,
    numberId: string,
  ): Promise<{ number: PhoneNumberEntity; tenant: TenantEntity }> {
    const tenant = await this.tenants.find(tx);
    if (!tenant) throw new TenantNotFoundException();
    const number = isUuid(numberId) ? await this.numbers.find(tx, numberId) : null;
    if (!number) throw new PhoneNumberNotFoundException();
    return { number, tenant };
  }

  private async requireIntegration(tx: TenantTx, numberId: string) {
    const { number } = await this.requireNumber(tx, numberId);
    const integration = await this.integrations.findByNumber(tx, number.id);
    if (!integration) throw new IntegrationNotFoundException();
    return { number, integration };
  }

  private toView(integration: GenesysIntegrationEntity): IntegrationView {
    return {
      id: integration.id,
      tenantId: integration.tenantId,
      numberId: integration.numberId,
      integrationId: integration.integrationId,
      clientId: integration.clientId,
      clientSecret: secretView(
        integration.clientSecretFingerprint,
        integration.clientSecretSetAt,
      ) as SecretViewDto,
      webhookSecret: secretView(
        integration.webhookSecretFingerprint,
        integration.webhookSecretSetAt,
      ) as SecretViewDto,
      webhookUrl: this.webhookUrl(integration.integrationId),
      createdAt: integration.createdAt.toISOString(),
      updatedAt: integration.updatedAt.toISOString(),
    };
  }
}

export function binding(integrationRowId: string, field: 'client_secret' | 'webhook_secret'): SecretBinding {
  return { table: 'genesys_integrations', rowId: integrationRowId, field };
}

function rethrowTaken(error: unknown): never {
  if (isUniqueViolation(error, 'genesys_integrations_integration_id_key')) {
    throw new ConflictException('this Genesys integration id is already registered');
  }
  throw error;
}
