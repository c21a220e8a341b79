import type {
  Envelope,
  GenesysCorrelation,
  GenesysDelivery,
  GenesysDeliveryOf,
} from '@switchboard/shared-contracts';
import type { GenesysApiClient } from '../genesys/genesys-api.client';
import { GenesysUnexpectedAnswerError } from '../genesys/genesys.errors';
import {
  readInboundMessageAnswer,
  type InboundMessageAcceptance,
} from '../genesys/inbound-message-answer.util';
import type { GenesysMetrics } from '../metrics/genesys-metrics';
import type { AcceptedMessage, AcceptedMessages } from './accepted-messages.store';
import type { CorrelationPublisher } from './correlation.publisher';
import { checkDeliveryBody } from './delivery-body.util';
import type { IntegrationRoute, IntegrationRoutes } from './integration-routes';

export interface GenesysDeliveryLogger {
  log(message: string): void;
}

/**
 * Handles one `genesys.delivery`: checks the body and the tenant's ownership of the
 * integration, sends it to Genesys, and for a message publishes the correlation (WhatsApp
 * message ↔ Genesys message and conversation) right after Genesys's answer.
 */
export class GenesysDeliveryService {
  constructor(
    private readonly routes: IntegrationRoutes,
    private readonly genesys: Pick<GenesysApiClient, 'send'>,
    private readonly accepted: AcceptedMessages,
    private readonly correlations: CorrelationPublisher,
    private readonly metrics: GenesysMetrics,
    private readonly logger?: GenesysDeliveryLogger,
  ) {}

  async deliver(envelope: Envelope<GenesysDelivery>): Promise<void> {
    const delivery = envelope.payload;
    checkDeliveryBody(delivery);
    const route = await this.routes.resolve(envelope.tenantId, delivery.integrationId);
    if (delivery.kind === 'message') {
      await this.deliverMessage(envelope, delivery, route);
      return;
    }
    await this.genesys.send({ kind: delivery.kind, ...route, body: delivery.body });
  }

  private async deliverMessage(
    envelope: Envelope,
    delivery: GenesysDeliveryOf<'message'>,
    route: IntegrationRoute,
  ): Promise<void> {
    const { tenantId, integrationId } = route;
    const earlier = await this.accepted.find(tenantId, integrationId, delivery.whatsappMessageId);
    if (earlier && 'unreadableAnswer' in earlier) {
      throw new GenesysUnexpectedAnswerError(
        `Genesys accepted WhatsApp message ${delivery.whatsappMessageId} at ${earlier.acceptedAt} but answered unreadably (${earlier.unreadableAnswer}); not sent again`,
      );
    }
    if (earlier) {
      this.logger?.log(
        `WhatsApp message ${delivery.whatsappMessageId} was already accepted by Genesys (message ${earlier.genesysMessageId}): correlation published again, nothing sent`,
      );
      await this.correlations.publish(envelope, correlationOf(delivery, earlier));
      this.metrics.recordCorrelation('accepted_record');
      return;
    }

    const answer = await this.genesys.send({ kind: 'message', ...route, body: delivery.body });
    const acceptance = this.readAnswer(answer.body);
    const acceptedAt = new Date().toISOString();
    if (acceptance instanceof GenesysUnexpectedAnswerError) {
      await this.accepted.remember(tenantId, integrationId, delivery.whatsappMessageId, {
        unreadableAnswer: acceptance.message,
        acceptedAt,
      });
      throw acceptance;
    }
    const accepted: AcceptedMessage = { ...acceptance, acceptedAt };
    // Nothing else happens between Genesys's answer and these two records: a process that dies
    // in this window is the only way one WhatsApp message reaches Genesys twice.
    await Promise.all([
      this.accepted.remember(tenantId, integrationId, delivery.whatsappMessageId, accepted),
      this.correlations.publish(envelope, correlationOf(delivery, accepted)),
    ]);
    this.metrics.recordCorrelation('genesys_answer');
  }

  private readAnswer(body: string): InboundMessageAcceptance | GenesysUnexpectedAnswerError {
    try {
      return readInboundMessageAnswer(body);
    } catch (error) {
      if (error instanceof GenesysUnexpectedAnswerError) return error;
      throw error;
    }
  }
}

function correlationOf(
  delivery: GenesysDeliveryOf<'message'>,
  accepted: AcceptedMessage,
): GenesysCorrelation {
  return {
    integrationId: delivery.integrationId,
    phoneNumberId: delivery.phoneNumberId,
    customerWaId: delivery.customerWaId,
    ...(delivery.customerName === undefined ? {} : { customerName: delivery.customerName }),
    whatsappMessageId: delivery.whatsappMessageId,
    genesysMessageId: accepted.genesysMessageId,
    conversationId: accepted.conversationId,
    messageTime: delivery.messageTime,
    acceptedAt: accepted.acceptedAt,
  };
}
