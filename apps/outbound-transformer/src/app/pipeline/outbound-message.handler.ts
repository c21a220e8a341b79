import { Inject, Injectable, Logger } from '@nestjs/common';
import { StateManagerClient } from '@switchboard/backend-data-access-platform-clients';
import { IdempotencyClaims } from '@switchboard/backend-util-idempotency';
import {
  MessagePublisher,
  PermanentError,
  RetryLaterError,
  type MessageContext,
} from '@switchboard/backend-util-messaging';
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
import { planOutboundMessage, type OutboundMessageWebhook } from '../mapping/outbound-content.planner';
import { buildSendParts } from '../mapping/whatsapp-parts.builder';
import { AttachmentStore } from '../media/attachment-store.service';
import { OutboundMetrics } from '../metrics/outbound.metrics';
import { genesysMessageClaimKey } from './claim-keys.util';
import { ConversationResolver } from './conversation-resolver.service';
import { isCustomerWindowOpen } from './customer-window.util';
import { DeliveryOutcomes, type OutcomeTarget } from './delivery-outcomes.publisher';
import { MessageFailure } from './message-failure.error';
import { checkOutboundWebhook, replyToMessageIdOf } from './outbound-webhook.util';

/** Failures the consumer would retry (not dead-letter at once, not defer). */
function isRetryable(error: unknown): boolean {
  return !(error instanceof PermanentError) && !(error instanceof RetryLaterError);
}

export const TEMPLATE_REQUIRED_NOTICE_CODE = 'whatsapp.template-required';

/**
 * One agent's (or bot's) message → the WhatsApp sends of it on `whatsapp.delivery`, or a
 * `failed` delivery outcome with the reason the agent sees (never a silent drop). The Genesys
 * message id is claimed before any side effect (attachment download, publish) and marked done
 * only once the broker confirmed what was published; a failure releases it for the retry.
 *
 * A body that breaks the webhook contract fails the message (InvalidMessageStructure) and is
 * dead-lettered with the validation report, for operators to look at.
 */
@Injectable()
export class OutboundMessageHandler {
  private readonly logger = new Logger(OutboundMessageHandler.name);

  constructor(
    private readonly claims: IdempotencyClaims,
    private readonly conversations: ConversationResolver,
    private readonly attachments: AttachmentStore,
    private readonly outcomes: DeliveryOutcomes,
    @Inject(StateManagerClient) private readonly stateManager: StateManagerClient,
    @Inject(MessagePublisher) private readonly publisher: MessagePublisher,
    private readonly metrics: OutboundMetrics,
    @Inject(OUTBOUND_TRANSFORMER_CONFIG) private readonly config: OutboundTransformerConfig,
  ) {}

  async handle(envelope: Envelope<GenesysOutboundEvent>, context: MessageContext): Promise<void> {
    const event = envelope.payload;
    const key = genesysMessageClaimKey(envelope.tenantId, event.genesysMessageId);
    const checked = checkOutboundWebhook({ ...event, kind: 'message' as const });
    if (!checked.ok) {
      const outcome = await this.claims.runOnce(key, () =>
        this.fail(
          envelope,
          this.baseTarget(event),
          new MessageFailure('InvalidMessageStructure', 'The message could not be read by Switchboard.', {
            detail: checked.reason,
          }),
        ),
      );
      if (outcome === 'duplicate') return this.duplicate(event);
      throw new PermanentError(`invalid Genesys outbound message: ${checked.reason}`);
    }
    const outcome = await this.claims.runOnce(key, () => this.deliver(envelope, checked.webhook, context));
    if (outcome === 'duplicate') this.duplicate(event);
  }

  private async deliver(
    envelope: Envelope<GenesysOutboundEvent>,
    webhook: OutboundMessageWebhook,
    context: MessageContext,
  ): Promise<void> {
    const { tenantId } = envelope;
    const event = envelope.payload;
    let target: Partial<OutcomeTarget> = this.baseTarget(event);
    try {
      const plan = planOutboundMessage(webhook);
      const conversation = await this.conversations.resolve(tenantId, event);
      const conversationTarget: OutcomeTarget = {
        ...this.baseTarget(event),
        phoneNumberId: conversation.phoneNumberId,
      };
      target = conversationTarget;
      if (!isCustomerWindowOpen(conversation.lastInboundAt, new Date(), this.config.CUSTOMER_WINDOW_HOURS)) {
        return await this.windowClosed(envelope, conversationTarget, conversation);
      }
      const attachments = await this.attachments.fetchAll({
        tenantId,
        genesysMessageId: event.genesysMessageId,
        attachments: plan.attachments,
        attempt: context.attempt,
      });
      const quoted = await this.quotedMessage(tenantId, webhook, conversation);
      const parts = buildSendParts({
        to: conversation.customerWaId,
        plan,
        attachments,
        ...(quoted !== undefined && { quotedWhatsAppMessageId: quoted }),
      });
      const delivery: WhatsAppDeliveryOf<'message'> = {
        kind: 'message',
        integrationId: event.integrationId,
        phoneNumberId: conversation.phoneNumberId,
        customerWaId: conversation.customerWaId,
        genesysMessageId: event.genesysMessageId,
        conversationId: event.conversationId ?? conversation.conversationId,
        parts,
      };
      await this.publisher.publish(
        ROUTING_KEYS.WHATSAPP_DELIVERY,
        createChildEnvelope(envelope, {
          type: PIPELINE_MESSAGE_TYPES.WHATSAPP_SEND,
          payload: whatsAppDeliverySchema.parse(delivery),
        }),
      );
      this.metrics.message('delivered');
      this.logger.log(`Genesys message ${event.genesysMessageId} → ${parts.length} WhatsApp send(s)`);
    } catch (error) {
      if (error instanceof MessageFailure) return await this.fail(envelope, target, error);
      if (!this.isLastAttempt(context) || !isRetryable(error)) throw error;
      // The consumer would dead-letter it now: the agent hears instead, and may send it again.
      await this.fail(
        envelope,
        target,
        new MessageFailure(
          'ServerError',
          'Switchboard could not process the message (a platform service was unavailable): it was not sent. Please send it again.',
          { detail: (error as Error).message },
        ),
      );
    }
  }

  /** Outside the 24-hour window only a template reaches the customer: the agent and the portal are told. */
  private async windowClosed(
    envelope: Envelope<GenesysOutboundEvent>,
    target: OutcomeTarget,
    conversation: ConversationView,
  ): Promise<void> {
    const hours = this.config.CUSTOMER_WINDOW_HOURS;
    await this.fail(
      envelope,
      target,
      new MessageFailure(
        'MessageExpired',
        `The customer last wrote more than ${hours} hours ago (WhatsApp's customer service window): only an approved template message can reach them now.`,
        { templateRequired: true },
      ),
    );
    await this.outcomes.notice(envelope, {
      severity: 'warning',
      code: TEMPLATE_REQUIRED_NOTICE_CODE,
      message: `A message to a customer was not sent: they last wrote more than ${hours} hours ago, so WhatsApp needs a template message to reach them.`,
      phoneNumberId: conversation.phoneNumberId,
      customerWaId: conversation.customerWaId,
      details: {
        genesysMessageId: target.genesysMessageId,
        conversationId: target.conversationId ?? conversation.conversationId,
        integrationId: target.integrationId,
        lastInboundAt: conversation.lastInboundAt,
      },
    });
    this.metrics.windowExpired();
  }

  /** Publishes the Failed outcome (the number comes from tenant-service when no conversation gave it). */
  private async fail(
    envelope: Envelope<GenesysOutboundEvent>,
    target: Partial<OutcomeTarget>,
    failure: MessageFailure,
  ): Promise<void> {
    const event = envelope.payload;
    const phoneNumberId =
      target.phoneNumberId ??
      (await this.conversations.route(envelope.tenantId, event.integrationId)).phoneNumberId;
    await this.outcomes.failed(envelope, { ...this.baseTarget(event), ...target, phoneNumberId }, failure);
    this.metrics.message('failed', failure.reason);
    this.logger.warn(
      `Genesys message ${event.genesysMessageId} failed (${failure.reason}): ${failure.message}${
        failure.options.detail ? ` [${failure.options.detail}]` : ''
      }`,
    );
  }

  /** The wamid of the customer's message the agent quoted; without it the reply is sent unquoted. */
  private async quotedMessage(
    tenantId: string,
    webhook: OutboundMessageWebhook,
    conversation: ConversationView,
  ): Promise<string | undefined> {
    const replyTo = replyToMessageIdOf(webhook);
    if (replyTo === undefined) return undefined;
    try {
      const tracked = await this.stateManager.messageByGenesysId(tenantId, replyTo);
      if (
        tracked &&
        tracked.customerWaId === conversation.customerWaId &&
        tracked.phoneNumberId === conversation.phoneNumberId
      ) {
        return tracked.whatsappMessageId;
      }
      this.logger.warn(`quoted message ${replyTo} is not one of this customer's: sent without quoting`);
    } catch (error) {
      // A quote is not worth holding the agent's message back for.
      this.logger.warn(`could not look up quoted message ${replyTo}: ${(error as Error).message}`);
    }
    return undefined;
  }

  private isLastAttempt(context: MessageContext): boolean {
    return context.attempt + 1 >= this.config.CONSUMER_MAX_ATTEMPTS;
  }

  private baseTarget(event: GenesysOutboundEvent): Omit<OutcomeTarget, 'phoneNumberId'> {
    return {
      integrationId: event.integrationId,
      customerWaId: event.customerId,
      genesysMessageId: event.genesysMessageId,
      ...(event.conversationId !== undefined && { conversationId: event.conversationId }),
    };
  }

  private duplicate(event: GenesysOutboundEvent): void {
    this.metrics.duplicate('message');
    this.logger.log(
      `Genesys message ${event.genesysMessageId} was already handled: acknowledged as a duplicate`,
    );
  }
}
