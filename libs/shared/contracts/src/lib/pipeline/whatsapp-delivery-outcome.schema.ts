import { z } from 'zod';
import { GENESYS_RECEIPT_REASON_CODES } from '../genesys/genesys.constants';

const outcomeRoute = {
  integrationId: z.string().min(1),
  phoneNumberId: z.string().min(1),
  customerWaId: z.string().min(1),
  /** The agent's message the outcome is about. */
  genesysMessageId: z.string().min(1),
  conversationId: z.string().min(1).optional(),
  at: z.iso.datetime({ offset: true }),
};

/** Where the message failed: before any send (transform) or at WhatsApp (send). */
export const DELIVERY_FAILURE_STAGES = ['transform', 'send'] as const;

export const deliveryFailureSchema = z.object({
  stage: z.enum(DELIVERY_FAILURE_STAGES),
  /** The Genesys receipt reason (spec B4). */
  reason: z.enum(GENESYS_RECEIPT_REASON_CODES),
  /** For the agent: what went wrong, without secrets. */
  message: z.string().min(1),
  whatsappErrorCode: z.number().int().optional(),
  /** Outside the 24-hour window: only a template can reach the customer now. */
  templateRequired: z.boolean(),
});
export type DeliveryFailure = z.infer<typeof deliveryFailureSchema>;

/**
 * Payload on `whatsapp.delivery.outcome`: what became of an agent's message. `sent` once every
 * part was accepted by WhatsApp (its statuses then become Delivered/Failed receipts); `failed`
 * when it cannot be sent, with the reason the agent sees on the Failed receipt.
 */
export const whatsAppDeliveryOutcomeSchema = z.discriminatedUnion('outcome', [
  z.object({
    outcome: z.literal('sent'),
    ...outcomeRoute,
    whatsappMessageIds: z.array(z.string().min(1)).min(1),
  }),
  z.object({
    outcome: z.literal('failed'),
    ...outcomeRoute,
    /** Parts WhatsApp accepted before the failure (the customer saw those). */
    whatsappMessageIds: z.array(z.string().min(1)),
    failure: deliveryFailureSchema,
  }),
]);
export type WhatsAppDeliveryOutcome = z.infer<typeof whatsAppDeliveryOutcomeSchema>;
export type WhatsAppDeliveryOutcomeOf<K extends WhatsAppDeliveryOutcome['outcome']> = Extract<
  WhatsAppDeliveryOutcome,
  { outcome: K }
>;
