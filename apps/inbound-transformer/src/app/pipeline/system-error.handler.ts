import { Inject, Injectable, Logger } from '@nestjs/common';
import { MessagePublisher, PermanentError } from '@switchboard/backend-util-messaging';
import {
  PIPELINE_MESSAGE_TYPES,
  ROUTING_KEYS,
  createChildEnvelope,
  formatValidationErrors,
  portalNoticeSchema,
  validateWithSchema,
  whatsAppWebhookErrorSchema,
  type Envelope,
  type PortalNotice,
  type WhatsAppInboundEvent,
  type WhatsAppWebhookError,
} from '@switchboard/shared-contracts';
import { IdempotencyClaims } from '@switchboard/backend-util-idempotency';
import { errorSummary } from '../mapping/message-text.util';
import { InboundMetrics } from '../metrics/inbound.metrics';

export const SYSTEM_ERROR_NOTICE_CODE = 'whatsapp.system-error';

/** The notice agents and admins see for a WhatsApp system error (`value.errors[]`). */
export function systemErrorNotice(error: WhatsAppWebhookError, phoneNumberId: string): PortalNotice {
  return portalNoticeSchema.parse({
    severity: 'error',
    code: SYSTEM_ERROR_NOTICE_CODE,
    message: `WhatsApp reported ${errorSummary(error)}`,
    phoneNumberId,
    details: {
      whatsappErrorCode: error.code,
      ...(error.title ? { title: error.title } : {}),
      ...(error.message ? { message: error.message } : {}),
      ...(error.error_data?.details ? { details: error.error_data.details } : {}),
      ...(error.href ? { href: error.href } : {}),
    },
  });
}

/**
 * A WhatsApp system error → a portal notice and a metric. There is no WhatsApp id to deduplicate
 * by: the claim is the envelope's, so a redelivered envelope notifies once, while each new report
 * from WhatsApp does notify (a recurring problem stays visible).
 */
@Injectable()
export class SystemErrorHandler {
  private readonly logger = new Logger(SystemErrorHandler.name);

  constructor(
    private readonly claims: IdempotencyClaims,
    @Inject(MessagePublisher) private readonly publisher: MessagePublisher,
    private readonly metrics: InboundMetrics,
  ) {}

  async handle(envelope: Envelope<WhatsAppInboundEvent>): Promise<void> {
    const validated = validateWithSchema(whatsAppWebhookErrorSchema, envelope.payload.item);
    if (!validated.ok) {
      throw new PermanentError(`invalid WhatsApp system error: ${formatValidationErrors(validated.errors)}`);
    }
    const error = validated.value;
    const notice = systemErrorNotice(error, envelope.payload.phoneNumberId);
    const outcome = await this.claims.runOnce(
      `idem:wa:${envelope.tenantId}:error:${envelope.id}`,
      async () => {
        await this.publisher.publish(
          ROUTING_KEYS.PORTAL_EVENT,
          createChildEnvelope(envelope, { type: PIPELINE_MESSAGE_TYPES.PORTAL_NOTICE, payload: notice }),
        );
        this.metrics.systemError(error.code);
      },
    );
    if (outcome === 'duplicate') {
      this.metrics.duplicate('error');
      return;
    }
    this.logger.warn(`WhatsApp system error on ${envelope.payload.phoneNumberId}: ${notice.message}`);
  }
}
