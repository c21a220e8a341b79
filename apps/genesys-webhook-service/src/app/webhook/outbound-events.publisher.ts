import { Injectable } from '@nestjs/common';
import { MessagePublisher } from '@switchboard/backend-util-messaging';
import { contextEnvelopeFields } from '@switchboard/backend-util-observability';
import {
  ROUTING_KEYS,
  createEnvelope,
  type Envelope,
  type GenesysOutboundEvent,
} from '@switchboard/shared-contracts';
import type { ClassifiedWebhook, OutboundEventType } from './outbound-webhook.util';

export interface OutboundEventSource {
  readonly tenantId: string;
  readonly integrationId: string;
  readonly webhook: ClassifiedWebhook;
  /** When the POST arrived (ISO-8601). */
  readonly receivedAt: string;
}

/**
 * The envelope of a verified webhook (`genesysOutboundEventSchema`): the integration's tenant,
 * the request's correlation id and a child span of its trace, Genesys's own time when it has one.
 */
export function toOutboundEnvelope(
  source: OutboundEventSource,
): Envelope<GenesysOutboundEvent, OutboundEventType> {
  const { webhook } = source;
  const payload: GenesysOutboundEvent = {
    kind: webhook.kind,
    integrationId: source.integrationId,
    genesysMessageId: webhook.genesysMessageId,
    customerId: webhook.customerId,
    ...(webhook.conversationId !== undefined && { conversationId: webhook.conversationId }),
    receivedAt: source.receivedAt,
    webhook: webhook.body,
  };
  return createEnvelope({
    tenantId: source.tenantId,
    type: webhook.type,
    payload,
    occurredAt: webhook.occurredAt ?? source.receivedAt,
    ...contextEnvelopeFields(),
  });
}

/** Publishes verified webhooks to `genesys.outbound.raw` with publisher confirms. */
@Injectable()
export class OutboundEventsPublisher {
  constructor(private readonly publisher: MessagePublisher) {}

  /** Resolves once the broker confirmed; rejects with PublishNotConfirmedError when it did not. */
  async publish(source: OutboundEventSource): Promise<void> {
    await this.publisher.publish(ROUTING_KEYS.GENESYS_OUTBOUND_RAW, toOutboundEnvelope(source));
  }
}
