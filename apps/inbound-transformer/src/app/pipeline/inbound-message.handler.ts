import { Inject, Injectable, Logger } from '@nestjs/common';
import { StateManagerClient } from '@switchboard/backend-data-access-platform-clients';
import { MessagePublisher, PermanentError, type MessageContext } from '@switchboard/backend-util-messaging';
import {
  PIPELINE_MESSAGE_TYPES,
  ROUTING_KEYS,
  createChildEnvelope,
  formatValidationErrors,
  genesysDeliverySchema,
  validateGenesysInboundMessage,
  validateWhatsAppInboundMessage,
  type Envelope,
  type GenesysDeliveryOf,
  type WhatsAppInboundEvent,
  type WhatsAppInboundMessage,
} from '@switchboard/shared-contracts';
import { IdempotencyClaims } from '@switchboard/backend-util-idempotency';
import { whatsAppClaimKey } from './claim-keys.util';
import {
  buildGenesysInboundMessage,
  customerProfileName,
  whatsAppTimeToIso,
} from '../mapping/genesys-inbound-message.builder';
import { isMediaKind, mapInboundMessage, type ResolvedMessageParts } from '../mapping/inbound-message.mapper';
import type { MessageReference } from '../mapping/message-text.util';
import { MediaRelayService } from '../media/media-relay.service';
import { InboundMetrics } from '../metrics/inbound.metrics';
import { TenantRoutes, type TenantRoute } from './tenant-routes.service';

/**
 * One customer message → one Genesys inbound message on `genesys.delivery`. Validation and the
 * tenant check come first (a bad item is dead-lettered with its reason), then the wamid is
 * claimed before any side effect (media download, number change, publish) and marked done only
 * once the broker confirmed the publish.
 */
@Injectable()
export class InboundMessageHandler {
  private readonly logger = new Logger(InboundMessageHandler.name);

  constructor(
    private readonly claims: IdempotencyClaims,
    private readonly routes: TenantRoutes,
    @Inject(StateManagerClient) private readonly stateManager: StateManagerClient,
    private readonly media: MediaRelayService,
    @Inject(MessagePublisher) private readonly publisher: MessagePublisher,
    private readonly metrics: InboundMetrics,
  ) {}

  async handle(envelope: Envelope<WhatsAppInboundEvent>, context: MessageContext): Promise<void> {
    const validated = validateWhatsAppInboundMessage(envelope.payload.item);
    if (!validated.ok) {
      throw new PermanentError(`invalid WhatsApp message: ${formatValidationErrors(validated.errors)}`);
    }
    const message = validated.value;
    const route = await this.routes.resolve(envelope.tenantId, envelope.payload.phoneNumberId);
    const outcome = await this.claims.runOnce(whatsAppClaimKey(envelope.tenantId, message.id), () =>
      this.deliver(envelope, message, route, context),
    );
    if (outcome === 'duplicate') {
      this.metrics.duplicate('message');
      this.logger.log(`message ${message.id} was already delivered: acknowledged as a duplicate`);
    }
  }

  private async deliver(
    envelope: Envelope<WhatsAppInboundEvent>,
    message: WhatsAppInboundMessage,
    route: TenantRoute,
    context: MessageContext,
  ): Promise<void> {
    const { tenantId } = envelope;
    const event = envelope.payload;
    const messageTime = whatsAppTimeToIso(message.timestamp);
    const parts = await this.resolveParts(tenantId, event, message, context.attempt);
    if (message.type === 'system' && message.system.type === 'customer_changed_number') {
      await this.stateManager.changeCustomerNumber(tenantId, {
        phoneNumberId: event.phoneNumberId,
        oldWaId: message.system.customer ?? message.from,
        newWaId: message.system.wa_id,
        at: messageTime,
      });
    }
    const customerName = customerProfileName(event);
    const body = buildGenesysInboundMessage({
      message,
      event,
      mapped: mapInboundMessage(message, parts),
      customerName,
      displayPhoneNumber: route.displayPhoneNumber,
    });
    const checked = validateGenesysInboundMessage(body);
    if (!checked.ok) {
      throw new PermanentError(
        `mapped Genesys message is invalid (a bug): ${formatValidationErrors(checked.errors)}`,
      );
    }
    const payload: GenesysDeliveryOf<'message'> = {
      kind: 'message',
      integrationId: route.integrationId,
      phoneNumberId: event.phoneNumberId,
      customerWaId: message.from,
      whatsappMessageId: message.id,
      messageTime,
      ...(customerName ? { customerName } : {}),
      body: checked.value,
    };
    await this.publisher.publish(
      ROUTING_KEYS.GENESYS_DELIVERY,
      createChildEnvelope(envelope, {
        type: PIPELINE_MESSAGE_TYPES.GENESYS_INBOUND_MESSAGE,
        payload: genesysDeliverySchema.parse(payload),
        occurredAt: messageTime,
      }),
    );
    this.metrics.message(message.type);
  }

  private async resolveParts(
    tenantId: string,
    event: WhatsAppInboundEvent,
    message: WhatsAppInboundMessage,
    attempt: number,
  ): Promise<ResolvedMessageParts> {
    const quotedId = message.context?.id;
    const [quoted, reactedTo, media] = await Promise.all([
      quotedId ? this.reference(tenantId, quotedId) : undefined,
      message.type === 'reaction' ? this.reference(tenantId, message.reaction.message_id) : undefined,
      isMediaKind(message.type)
        ? this.media.relay({
            tenantId,
            whatsappMessageId: message.id,
            phoneNumberId: event.phoneNumberId,
            kind: message.type,
            media: mediaObjectOf(message),
            attempt,
          })
        : undefined,
    ]);
    return { quoted, reactedTo, media };
  }

  /** The Genesys id of a message we tracked; the wamid alone when we did not (or cannot tell now). */
  private async reference(tenantId: string, whatsappMessageId: string): Promise<MessageReference> {
    try {
      const tracked = await this.stateManager.messageByWhatsAppId(tenantId, whatsappMessageId);
      return tracked
        ? { whatsappMessageId, genesysMessageId: tracked.genesysMessageId }
        : { whatsappMessageId };
    } catch (error) {
      // The name of a quoted message is not worth holding the customer's message back for.
      this.logger.warn(`could not look up message ${whatsappMessageId}: ${(error as Error).message}`);
      return { whatsappMessageId };
    }
  }
}

function mediaObjectOf(message: WhatsAppInboundMessage) {
  switch (message.type) {
    case 'image':
      return message.image;
    case 'audio':
      return message.audio;
    case 'video':
      return message.video;
    case 'document':
      return message.document;
    case 'sticker':
      return message.sticker;
    default:
      throw new Error(`${message.type} messages carry no media`);
  }
}
