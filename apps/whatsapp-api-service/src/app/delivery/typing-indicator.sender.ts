import {
  formatValidationErrors,
  validateWithSchema,
  whatsAppTypingIndicatorRequestSchema,
  type WhatsAppDeliveryOf,
} from '@switchboard/shared-contracts';
import type { WhatsAppGraphClient } from '../graph/whatsapp-graph.client';
import {
  UndeliverableError,
  WhatsAppCircuitOpenError,
  WhatsAppCredentialsRejectedError,
  WhatsAppRateLimitedError,
  WhatsAppRequestRejectedError,
  WhatsAppThrottledError,
  WhatsAppUnavailableError,
} from '../graph/whatsapp.errors';
import type { WhatsAppMetrics } from '../metrics/whatsapp-metrics';
import type { NumberRoutes } from './number-routes';

export interface TypingIndicatorLogger {
  warn(message: string): void;
}

/** Tries per typing indicator: the first and at most one retry. */
const MAX_TRIES = 2;

function dropReason(error: unknown): string {
  if (error instanceof WhatsAppUnavailableError) return 'unavailable';
  if (error instanceof WhatsAppRateLimitedError || error instanceof WhatsAppThrottledError)
    return 'rate_limited';
  if (error instanceof WhatsAppCircuitOpenError) return 'circuit_open';
  if (error instanceof WhatsAppCredentialsRejectedError) return 'credentials';
  if (error instanceof WhatsAppRequestRejectedError) return 'rejected';
  if (error instanceof UndeliverableError) return 'undeliverable';
  return 'internal';
}

/**
 * Shows the customer that the agent is typing (mark-as-read with `typing_indicator`, spec A3),
 * best effort: a typing indicator is stale within seconds, so a failure is logged and counted,
 * retried at most once when WhatsApp was unavailable, and never retried later, dead-lettered or
 * turned into an outcome. A refused token is still renewed once (by the Graph client).
 */
export class TypingIndicatorSender {
  constructor(
    private readonly routes: NumberRoutes,
    private readonly graph: Pick<WhatsAppGraphClient, 'sendTyping'>,
    private readonly metrics: WhatsAppMetrics,
    private readonly logger?: TypingIndicatorLogger,
  ) {}

  async show(tenantId: string, delivery: WhatsAppDeliveryOf<'typing'>): Promise<void> {
    const checked = validateWithSchema(whatsAppTypingIndicatorRequestSchema, {
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: delivery.replyToWhatsappMessageId,
      typing_indicator: { type: 'text' },
    });
    if (!checked.ok) {
      this.drop(delivery, 'invalid', formatValidationErrors(checked.errors).replace(/\n/g, '; '));
      return;
    }
    for (let tries = 1; ; tries += 1) {
      try {
        const sender = await this.routes.resolve(tenantId, delivery.phoneNumberId);
        await this.graph.sendTyping(sender, checked.value);
        this.metrics.recordTyping('shown');
        return;
      } catch (error) {
        if (tries < MAX_TRIES && error instanceof WhatsAppUnavailableError) continue;
        this.drop(delivery, dropReason(error), error instanceof Error ? error.message : String(error));
        return;
      }
    }
  }

  private drop(delivery: WhatsAppDeliveryOf<'typing'>, reason: string, detail: string): void {
    this.metrics.recordTyping('dropped', reason);
    this.logger?.warn(
      `typing indicator for Genesys event ${delivery.genesysMessageId} (phone number ${delivery.phoneNumberId}) dropped (${reason}): ${detail}`,
    );
  }
}
