import { Injectable, Logger } from '@nestjs/common';
import { IdempotencyClaims } from '@switchboard/backend-util-idempotency';
import { PermanentError } from '@switchboard/backend-util-messaging';
import type {
  Envelope,
  GenesysOutboundEvent,
  GenesysOutboundWebhookOf,
  PortalNotice,
} from '@switchboard/shared-contracts';
import { OutboundMetrics } from '../metrics/outbound.metrics';
import { genesysReceiptClaimKey } from './claim-keys.util';
import { ConversationResolver } from './conversation-resolver.service';
import { DeliveryOutcomes } from './delivery-outcomes.publisher';
import { checkOutboundWebhook } from './outbound-webhook.util';

export const GENESYS_MESSAGE_FAILED_NOTICE_CODE = 'genesys.message-failed';

/** The portal notice for a customer's message Genesys reports as Failed. */
export function genesysMessageFailedNotice(
  receipt: GenesysOutboundWebhookOf<'Receipt'>,
  phoneNumberId: string,
): PortalNotice {
  const reasons = (receipt.reasons ?? []).map((reason) => ({
    ...(reason.code !== undefined && { code: reason.code }),
    ...(reason.message !== undefined && { message: reason.message }),
  }));
  const described = reasons
    .map((reason) => [reason.code, reason.message].filter(Boolean).join(': '))
    .filter(Boolean);
  return {
    severity: 'error',
    code: GENESYS_MESSAGE_FAILED_NOTICE_CODE,
    message: `Genesys reported that a customer's message failed${described.length > 0 ? ` (${described.join('; ')})` : ''}.`,
    phoneNumberId,
    customerWaId: receipt.channel.to.id,
    details: {
      genesysMessageId: receipt.id,
      integrationId: receipt.channel.id,
      ...(receipt.conversationId !== undefined && { conversationId: receipt.conversationId }),
      ...(receipt.channel.messageId !== undefined && { whatsappMessageId: receipt.channel.messageId }),
      reasons,
      isFinalReceipt: receipt.isFinalReceipt ?? false,
    },
  };
}

/**
 * A Genesys receipt about a customer's message: a Failed one becomes a portal notice with its
 * reasons (once per message); the others are only counted.
 */
@Injectable()
export class ReceiptHandler {
  private readonly logger = new Logger(ReceiptHandler.name);

  constructor(
    private readonly claims: IdempotencyClaims,
    private readonly conversations: ConversationResolver,
    private readonly outcomes: DeliveryOutcomes,
    private readonly metrics: OutboundMetrics,
  ) {}

  async handle(envelope: Envelope<GenesysOutboundEvent>): Promise<void> {
    const event = envelope.payload;
    const checked = checkOutboundWebhook({ ...event, kind: 'receipt' as const });
    if (!checked.ok) throw new PermanentError(`invalid Genesys receipt: ${checked.reason}`);
    const receipt = checked.webhook;
    if (receipt.status !== 'Failed') {
      this.metrics.receipt(receipt.status);
      return;
    }
    const key = genesysReceiptClaimKey(envelope.tenantId, receipt.id, receipt.status);
    const outcome = await this.claims.runOnce(key, async () => {
      const route = await this.conversations.route(envelope.tenantId, event.integrationId);
      const notice = genesysMessageFailedNotice(receipt, route.phoneNumberId);
      await this.outcomes.notice(envelope, notice);
      this.metrics.receipt(receipt.status);
      this.logger.warn(`Genesys message ${receipt.id}: ${notice.message}`);
    });
    if (outcome === 'duplicate') {
      this.metrics.duplicate('receipt');
      this.logger.log(`Failed receipt of ${receipt.id} already reported`);
    }
  }
}
