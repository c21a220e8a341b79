import { Inject, Injectable, Logger } from '@nestjs/common';
import { GENESYS_SIMULATOR_CONFIG, type GenesysSimulatorConfig } from '../config/genesys-simulator.config';
import { ClockService } from '../core/clock.service';
import { badRequest, notFound } from '../core/genesys-errors.util';
import { newEntityId } from '../core/ids.util';
import { type Resettable, SimulatorStateService } from '../core/simulator-state.service';
import type {
  CreateIntegrationRequest,
  EntityListing,
  IntegrationView,
  ListIntegrationsQuery,
  UpdateIntegrationRequest,
} from './integration.dto';

export const INTEGRATIONS_PATH = '/api/v2/conversations/messaging/integrations/open';
const DEFAULT_SUPPORTED_CONTENT_ID = 'default-supported-content-profile';

/** An Open Messaging integration as the simulator stores it, secret included. */
export interface StoredIntegration {
  readonly id: string;
  readonly organizationId: string;
  readonly name: string;
  readonly outboundNotificationWebhookUrl: string;
  readonly webhookSecret: string;
  readonly webhookHeaders: Readonly<Record<string, string>>;
  readonly supportedContentId: string;
  readonly messagingSettingId?: string;
  readonly dateCreated: string;
  readonly dateModified: string;
}

export type IntegrationWithOrganization = IntegrationView & { readonly organizationId: string };

function toView(integration: StoredIntegration): IntegrationView {
  const { id } = integration;
  return {
    id,
    name: integration.name,
    supportedContent: {
      id: integration.supportedContentId,
      selfUri: `/api/v2/conversations/messaging/supportedcontent/${integration.supportedContentId}`,
    },
    ...(integration.messagingSettingId && {
      messagingSetting: {
        id: integration.messagingSettingId,
        selfUri: `/api/v2/conversations/messaging/settings/${integration.messagingSettingId}`,
      },
    }),
    outboundNotificationWebhookUrl: integration.outboundNotificationWebhookUrl,
    webhookHeaders: { ...integration.webhookHeaders },
    status: 'active',
    recipient: { id, selfUri: `/api/v2/routing/message/recipients/${id}` },
    createStatus: 'Completed',
    dateCreated: integration.dateCreated,
    dateModified: integration.dateModified,
    selfUri: `${INTEGRATIONS_PATH}/${id}`,
  };
}

/** Open Messaging integrations per organisation (spec B5). */
@Injectable()
export class IntegrationsService implements Resettable {
  private readonly logger = new Logger(IntegrationsService.name);
  private readonly integrations = new Map<string, StoredIntegration>();

  constructor(
    @Inject(GENESYS_SIMULATOR_CONFIG) private readonly config: GenesysSimulatorConfig,
    private readonly clock: ClockService,
    registry: SimulatorStateService,
  ) {
    registry.register(this);
    this.reset();
  }

  list(organizationId: string, query: ListIntegrationsQuery): EntityListing<IntegrationView> {
    const owned = [...this.integrations.values()].filter((it) => it.organizationId === organizationId);
    const { pageSize, pageNumber } = query;
    const pageCount = Math.max(1, Math.ceil(owned.length / pageSize));
    const uri = (page: number) => `${INTEGRATIONS_PATH}?pageSize=${pageSize}&pageNumber=${page}`;
    return {
      entities: owned.slice((pageNumber - 1) * pageSize, pageNumber * pageSize).map(toView),
      pageSize,
      pageNumber,
      total: owned.length,
      pageCount,
      firstUri: uri(1),
      selfUri: uri(pageNumber),
      lastUri: uri(pageCount),
    };
  }

  get(organizationId: string, integrationId: string): IntegrationView {
    return toView(this.requireOwned(organizationId, integrationId));
  }

  /** Genesys creates integrations asynchronously: the creation answer says `Initiated`. */
  create(organizationId: string, request: CreateIntegrationRequest): IntegrationView {
    const created = this.store(organizationId, newEntityId(), request);
    return { ...toView(created), createStatus: 'Initiated' };
  }

  update(organizationId: string, integrationId: string, patch: UpdateIntegrationRequest): IntegrationView {
    const current = this.requireOwned(organizationId, integrationId);
    const updated: StoredIntegration = {
      ...current,
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.outboundNotificationWebhookUrl !== undefined && {
        outboundNotificationWebhookUrl: patch.outboundNotificationWebhookUrl,
      }),
      ...(patch.outboundNotificationWebhookSignatureSecretToken !== undefined && {
        webhookSecret: patch.outboundNotificationWebhookSignatureSecretToken,
      }),
      ...(patch.webhookHeaders !== undefined && { webhookHeaders: { ...patch.webhookHeaders } }),
      ...(patch.supportedContent !== undefined && { supportedContentId: patch.supportedContent.id }),
      ...(patch.messagingSetting !== undefined && { messagingSettingId: patch.messagingSetting.id }),
      dateModified: this.clock.nowIso(),
    };
    this.integrations.set(integrationId, updated);
    return toView(updated);
  }

  remove(organizationId: string, integrationId: string): void {
    this.requireOwned(organizationId, integrationId);
    this.integrations.delete(integrationId);
  }

  /** Control API and configuration: an integration with a chosen id (replaced if it exists). */
  seed(
    seed: CreateIntegrationRequest & { readonly id?: string; readonly organizationId: string },
  ): IntegrationWithOrganization {
    const stored = this.store(seed.organizationId, seed.id ?? newEntityId(), seed);
    return { ...toView(stored), organizationId: stored.organizationId };
  }

  listAll(): IntegrationWithOrganization[] {
    return [...this.integrations.values()].map((it) => ({
      ...toView(it),
      organizationId: it.organizationId,
    }));
  }

  /** An integration of the caller's organisation; another organisation's integration is "not found". */
  requireOwned(organizationId: string, integrationId: string): StoredIntegration {
    const integration = this.integrations.get(integrationId);
    if (!integration || integration.organizationId !== organizationId) {
      throw notFound(`Open messaging integration ${integrationId} not found`);
    }
    return integration;
  }

  requireAny(integrationId: string): StoredIntegration {
    const integration = this.integrations.get(integrationId);
    if (!integration) throw notFound(`Open messaging integration ${integrationId} not found`);
    return integration;
  }

  reset(): void {
    this.integrations.clear();
    for (const seed of this.config.integrations) this.seed(seed);
  }

  private store(organizationId: string, id: string, request: CreateIntegrationRequest): StoredIntegration {
    if (!this.integrations.has(id) && this.integrations.size >= this.config.limits.maxIntegrations) {
      throw badRequest(
        `at most ${this.config.limits.maxIntegrations} integrations can exist in the simulator`,
      );
    }
    const now = this.clock.nowIso();
    const stored: StoredIntegration = {
      id,
      organizationId,
      name: request.name,
      outboundNotificationWebhookUrl: request.outboundNotificationWebhookUrl,
      webhookSecret: request.outboundNotificationWebhookSignatureSecretToken,
      webhookHeaders: { ...request.webhookHeaders },
      supportedContentId: request.supportedContent?.id ?? DEFAULT_SUPPORTED_CONTENT_ID,
      ...(request.messagingSetting && { messagingSettingId: request.messagingSetting.id }),
      dateCreated: now,
      dateModified: now,
    };
    this.integrations.set(id, stored);
    this.logger.log(
      `integration ${id} (${stored.name}) of ${organizationId} → ${stored.outboundNotificationWebhookUrl}`,
    );
    return stored;
  }
}
