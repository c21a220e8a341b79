import { z } from 'zod';

/**
 * Payload on `genesys.correlation`: Genesys accepted an inbound message. `genesysMessageId` is
 * the response's `id`, `conversationId` its top-level `conversationId` (spec B2), never the other
 * way round.
 */
export const genesysCorrelationSchema = z.object({
  integrationId: z.string().min(1),
  phoneNumberId: z.string().min(1),
  customerWaId: z.string().min(1),
  customerName: z.string().optional(),
  whatsappMessageId: z.string().min(1),
  genesysMessageId: z.string().min(1),
  conversationId: z.string().min(1),
  /** WhatsApp's time of the message (ISO-8601). */
  messageTime: z.iso.datetime({ offset: true }),
  /** When Genesys answered (ISO-8601). */
  acceptedAt: z.iso.datetime({ offset: true }),
});

export type GenesysCorrelation = z.infer<typeof genesysCorrelationSchema>;
