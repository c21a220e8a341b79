import { createHash } from 'node:crypto';
import { StatusValue } from '../config/whatsapp-simulator.config';
import { AsyncErrorObject } from '../graph-errors/graph-error.catalog';
import { WebhookStatus } from '../webhooks/webhook-envelope.factory';

export const PRICING_CATEGORIES = ['service', 'utility', 'marketing', 'authentication'] as const;
export type PricingCategory = (typeof PRICING_CATEGORIES)[number];

export interface StatusSpec {
  readonly id: string;
  readonly status: StatusValue;
  readonly recipientId: string;
  readonly timestamp: number;
  readonly phoneNumberId: string;
  readonly category: PricingCategory;
  readonly errors?: readonly AsyncErrorObject[];
  readonly bizOpaqueCallbackData?: string;
  readonly conversationId?: string;
}

const CONVERSATION_SECONDS = 24 * 3600;

/** Stable per business number and user, like a conversation id within its 24 h. */
export function conversationIdFor(phoneNumberId: string, recipientId: string): string {
  return createHash('sha256').update(`${phoneNumberId}:${recipientId}`).digest('hex').slice(0, 32);
}

/**
 * One `statuses[]` item, shaped like samples/wa-status-*.json: `sent` and `delivered` carry
 * conversation and pricing (only `sent` has the expiration), `read`/`played` carry neither,
 * `failed` carries `errors[]`.
 */
export function buildStatus(spec: StatusSpec): WebhookStatus {
  const withBilling = spec.status === 'sent' || spec.status === 'delivered';
  const free = spec.category === 'service';
  return {
    id: spec.id,
    recipient_id: spec.recipientId,
    status: spec.status,
    timestamp: String(spec.timestamp),
    ...(withBilling
      ? {
          conversation: {
            id: spec.conversationId ?? conversationIdFor(spec.phoneNumberId, spec.recipientId),
            ...(spec.status === 'sent'
              ? { expiration_timestamp: String(spec.timestamp + CONVERSATION_SECONDS) }
              : {}),
            origin: { type: spec.category },
          },
          pricing: {
            billable: !free,
            pricing_model: 'PMP',
            category: spec.category,
            type: free ? 'free_customer_service' : 'regular',
          },
        }
      : {}),
    ...(spec.status === 'failed' && spec.errors ? { errors: [...spec.errors] } : {}),
    ...(spec.bizOpaqueCallbackData === undefined
      ? {}
      : { biz_opaque_callback_data: spec.bizOpaqueCallbackData }),
  };
}
