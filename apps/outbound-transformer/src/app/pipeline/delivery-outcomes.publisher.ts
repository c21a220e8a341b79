import { Inject, Injectable } from '@nestjs/common';
import { MessagePublisher } from '@switchboard/backend-util-messaging';
import {
  PIPELINE_MESSAGE_TYPES,
  ROUTING_KEYS,
  createChildEnvelope,
  portalNoticeSchema,
  whatsAppDeliveryOutcomeSchema,
  type Envelope,
  type PortalNotice,
  type WhatsAppDeliveryOutcomeOf,
} from '@switchboard/shared-contracts';
import type { MessageFailure } from './message-failure.error';

/** The agent's message an outcome is about, and where it was going. */
export interface OutcomeTarget {
  readonly integrationId: string;
  readonly phoneNumberId: string;
  readonly customerWaId: string;
  readonly genesysMessageId: string;
  readonly conversationId?: string;
}

/**
 * Publishes (with broker confirms) what the agent and the portal must hear: a `failed` delivery
 * outcome, which inbound-transformer turns into a Failed receipt in Genesys, and portal notices.
 */
@Injectable()
export class DeliveryOutcomes {
  constructor(@Inject(MessagePublisher) private readonly publisher: MessagePublisher) {}

  async failed(parent: Envelope, target: OutcomeTarget, failure: MessageFailure): Promise<void> {
    const payload: WhatsAppDeliveryOutcomeOf<'failed'> = {
      outcome: 'failed',
      ...target,
      at: new Date().toISOString(),
      whatsappMessageIds: [],
      failure: {
        stage: 'transform',
        reason: failure.reason,
        message: failure.message,
        templateRequired: failure.templateRequired,
      },
    };
    await this.publisher.publish(
      ROUTING_KEYS.WHATSAPP_DELIVERY_OUTCOME,
      createChildEnvelope(parent, {
        type: PIPELINE_MESSAGE_TYPES.WHATSAPP_DELIVERY_OUTCOME,
        payload: whatsAppDeliveryOutcomeSchema.parse(payload),
      }),
    );
  }

  async notice(parent: Envelope, notice: PortalNotice): Promise<void> {
    await this.publisher.publish(
      ROUTING_KEYS.PORTAL_EVENT,
      createChildEnvelope(parent, {
        type: PIPELINE_MESSAGE_TYPES.PORTAL_NOTICE,
        payload: portalNoticeSchema.parse(notice),
      }),
    );
  }
}
