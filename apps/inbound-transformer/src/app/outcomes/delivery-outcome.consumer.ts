import { consumerOptions } from '@switchboard/backend-util-config';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { IdempotencyClaims } from '@switchboard/backend-util-idempotency';
import { ConsumerRegistry, MessagePublisher, PermanentError } from '@switchboard/backend-util-messaging';
import {
  PIPELINE_MESSAGE_TYPES,
  QUEUES,
  ROUTING_KEYS,
  createChildEnvelope,
  formatValidationErrors,
  validateGenesysReceipt,
  whatsAppDeliveryOutcomeSchema,
  type Envelope,
  type WhatsAppDeliveryOutcome,
} from '@switchboard/shared-contracts';
import {
  INBOUND_TRANSFORMER_CONFIG,
  type InboundTransformerConfig,
} from '../config/inbound-transformer.config';
import { InboundMetrics } from '../metrics/inbound.metrics';
import { buildFailedReceiptDelivery } from './failed-receipt.mapper';

/** `idem:outcome:<tenantId>:<genesysMessageId>`: one Failed receipt per agent message. */
export function failedOutcomeClaimKey(tenantId: string, genesysMessageId: string): string {
  return `idem:outcome:${tenantId}:${genesysMessageId}`;
}

/**
 * Consumes `whatsapp.delivery.outcome`: a failed agent message becomes a final Failed receipt in
 * Genesys, once. A sent one needs nothing here: its WhatsApp statuses bring the Delivered receipt.
 */
@Injectable()
export class DeliveryOutcomeConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DeliveryOutcomeConsumer.name);

  constructor(
    private readonly consumers: ConsumerRegistry,
    private readonly claims: IdempotencyClaims,
    @Inject(MessagePublisher) private readonly publisher: MessagePublisher,
    private readonly metrics: InboundMetrics,
    @Inject(INBOUND_TRANSFORMER_CONFIG) private readonly config: InboundTransformerConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.start<WhatsAppDeliveryOutcome>({
      queue: QUEUES.DELIVERY_OUTCOME_RECEIPTS,
      payloadSchema: whatsAppDeliveryOutcomeSchema,
      ...consumerOptions(this.config),
      handler: (envelope) => this.handle(envelope),
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumers.stopAll();
  }

  async handle(envelope: Envelope<WhatsAppDeliveryOutcome>): Promise<void> {
    if (envelope.type !== PIPELINE_MESSAGE_TYPES.WHATSAPP_DELIVERY_OUTCOME) {
      throw new PermanentError(`unexpected envelope type ${envelope.type}`);
    }
    const outcome = envelope.payload;
    this.metrics.deliveryOutcome(outcome.outcome, outcome.outcome === 'failed' ? outcome.failure.reason : '');
    if (outcome.outcome === 'sent') return;
    const delivery = buildFailedReceiptDelivery(outcome);
    const checked = validateGenesysReceipt(delivery.body);
    if (!checked.ok) {
      throw new PermanentError(
        `Failed receipt for ${outcome.genesysMessageId} is invalid: ${formatValidationErrors(checked.errors)}`,
      );
    }
    const result = await this.claims.runOnce(
      failedOutcomeClaimKey(envelope.tenantId, outcome.genesysMessageId),
      async () => {
        await this.publisher.publish(
          ROUTING_KEYS.GENESYS_DELIVERY,
          createChildEnvelope(envelope, {
            type: PIPELINE_MESSAGE_TYPES.GENESYS_RECEIPT,
            payload: delivery,
            occurredAt: outcome.at,
          }),
        );
        this.metrics.receipt('Failed');
      },
    );
    if (result === 'duplicate') {
      this.metrics.duplicate('delivery-outcome');
      this.logger.log(
        `Failed receipt for ${outcome.genesysMessageId} was already sent: duplicate outcome acknowledged`,
      );
    }
  }
}
