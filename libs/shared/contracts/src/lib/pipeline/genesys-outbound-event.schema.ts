import { z } from 'zod';

/**
 * Payload on `genesys.outbound.raw`: one verified Genesys outbound webhook (spec B3). The webhook
 * service checks the signature, classifies, filters echoes and drops duplicates; `webhook` is the
 * body as Genesys sent it, validated again by the outbound-transformer (which dead-letters a bad
 * one with its reason).
 */
export const genesysOutboundEventSchema = z.object({
  kind: z.enum(['message', 'receipt', 'typing']),
  integrationId: z.string().min(1),
  /** The webhook's `id`: the Genesys message id (receipts and dedupe refer to it). */
  genesysMessageId: z.string().min(1),
  /** `channel.to.id`: the customer's wa_id, the id we gave Genesys as `from.id`. */
  customerId: z.string().min(1),
  conversationId: z.string().min(1).optional(),
  /** When the webhook service received the POST (ISO-8601). */
  receivedAt: z.iso.datetime({ offset: true }),
  webhook: z.record(z.string(), z.unknown()),
});

export type GenesysOutboundEvent = z.infer<typeof genesysOutboundEventSchema>;
export type GenesysOutboundEventKind = GenesysOutboundEvent['kind'];
