import { Inject, Injectable, Logger } from '@nestjs/common';
import { IdempotencyClaims } from '@switchboard/backend-util-idempotency';
import { MessagePublisher, PermanentError } from '@switchboard/backend-util-messaging';
import {
  PIPELINE_MESSAGE_TYPES,
  ROUTING_KEYS,
  createChildEnvelope,
  whatsAppDeliverySchema,
  type ConversationView,
  type Envelope,
  type GenesysOutboundEvent,
  type WhatsAppDeliveryOf,
} from '@switchboard/shared-contracts';
import {
  OUTBOUND_TRANSFORMER_CONFIG,
  type OutboundTransformerConfig,
} from '../config/outbound-transformer.config';
import { OutboundMetrics, type TypingSkipReason } from '../metrics/outbound.metrics';
import { genesysTypingClaimKey } from './claim-keys.util';
import { ConversationResolver } from './conversation-resolver.service';
import { isCustomerWindowOpen } from './customer-window.util';
import { MessageFailure } from './message-failure.error';
import { checkOutboundWebhook } from './outbound-webhook.util';

/**
 * The agent is typing → WhatsApp's typing indicator, shown in reply to the customer's last
 * message (`lastInboundMessageId` of the conversation). Typing is not a message: when it cannot
 * be shown (too old, no conversation, no message of the customer, window closed) it is skipped
 * and counted, with no outcome.
 */
@Injectable()
export class TypingHandler {
  private readonly logger = new Logger(TypingHandler.name);

  constructor(
    private readonly claims: IdempotencyClaims,
    private readonly conversations: ConversationResolver,
    @Inject(MessagePublisher) private readonly publisher: MessagePublisher,
    private readonly metrics: OutboundMetrics,
    @Inject(OUTBOUND_TRANSFORMER_CONFIG) private readonly config: OutboundTransformerConfig,
  ) {}

  async handle(envelope: Envelope<GenesysOutboundEvent>): Promise<void> {
    const event = envelope.payload;
    const checked = checkOutboundWebhook({ ...event, kind: 'typing' as const });
    if (!checked.ok) throw new PermanentError(`invalid Genesys typing event: ${checked.reason}`);
    if (this.isStale(event)) return this.skip(event, 'stale');
    const outcome = await this.claims.runOnce(
      genesysTypingClaimKey(envelope.tenantId, event.genesysMessageId),
      async () => {
        const conversation = await this.conversation(envelope.tenantId, event);
        if (conversation === undefined) return this.skip(event, 'no_conversation');
        if (conversation.lastInboundMessageId === null) return this.skip(event, 'no_customer_message');
        if (
          !isCustomerWindowOpen(conversation.lastInboundAt, new Date(), this.config.CUSTOMER_WINDOW_HOURS)
        ) {
          return this.skip(event, 'window_closed');
        }
        if (this.isStale(event)) return this.skip(event, 'stale');
        const delivery: WhatsAppDeliveryOf<'typing'> = {
          kind: 'typing',
          integrationId: event.integrationId,
          phoneNumberId: conversation.phoneNumberId,
          customerWaId: conversation.customerWaId,
          genesysMessageId: event.genesysMessageId,
          replyToWhatsappMessageId: conversation.lastInboundMessageId,
        };
        await this.publisher.publish(
          ROUTING_KEYS.WHATSAPP_DELIVERY,
          createChildEnvelope(envelope, {
            type: PIPELINE_MESSAGE_TYPES.WHATSAPP_TYPING,
            payload: whatsAppDeliverySchema.parse(delivery),
          }),
        );
        this.metrics.typingSent();
      },
    );
    if (outcome === 'duplicate') this.metrics.duplicate('typing');
  }

  /** Measured from when the webhook reached us (our clock, not Genesys's). */
  private isStale(event: GenesysOutboundEvent): boolean {
    return Date.now() - Date.parse(event.receivedAt) > this.config.TYPING_MAX_AGE_MS;
  }

  private async conversation(
    tenantId: string,
    event: GenesysOutboundEvent,
  ): Promise<ConversationView | undefined> {
    try {
      return await this.conversations.resolve(tenantId, event);
    } catch (error) {
      if (error instanceof MessageFailure) return undefined;
      throw error;
    }
  }

  private skip(event: GenesysOutboundEvent, reason: TypingSkipReason): void {
    this.metrics.typingSkipped(reason);
    this.logger.debug(`typing event ${event.genesysMessageId} skipped: ${reason}`);
  }
}
