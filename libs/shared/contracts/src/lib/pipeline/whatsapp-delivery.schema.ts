import { z } from 'zod';

const customerRoute = {
  /** Genesys Open Messaging integration the agent's message came through. */
  integrationId: z.string().min(1),
  /** The tenant's number that sends (`POST /{phone-number-id}/messages`). */
  phoneNumberId: z.string().min(1),
  /** The customer's wa_id: the `to` of every send. */
  customerWaId: z.string().min(1),
};

export const OUTBOUND_MEDIA_KINDS = ['image', 'video', 'audio', 'document', 'sticker'] as const;
export type OutboundMediaKind = (typeof OUTBOUND_MEDIA_KINDS)[number];

/**
 * An attachment the outbound-transformer fetched safely and stored in object storage:
 * whatsapp-api-service uploads it to WhatsApp's media endpoint and sends it by media id.
 */
export const storedOutboundMediaSchema = z.object({
  kind: z.enum(OUTBOUND_MEDIA_KINDS),
  bucket: z.string().min(1),
  key: z.string().min(1),
  /** Sniffed from the bytes (and matching the declared type). */
  mimeType: z.string().min(1),
  sizeBytes: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  filename: z.string().min(1).optional(),
});
export type StoredOutboundMedia = z.infer<typeof storedOutboundMediaSchema>;

/**
 * One WhatsApp send of an agent's message. `request` is the body of `POST /{phone-number-id}/messages`
 * (validated again by whatsapp-api-service); for media its `<type>` object has no `id` yet:
 * whatsapp-api-service uploads `media` and fills it in.
 */
export const whatsAppSendPartSchema = z.object({
  request: z.record(z.string(), z.unknown()),
  media: storedOutboundMediaSchema.optional(),
});
export type WhatsAppSendPart = z.infer<typeof whatsAppSendPartSchema>;

/** A Genesys message becomes at most this many WhatsApp sends (long text split, several attachments). */
export const MAX_SEND_PARTS = 20;

/** Payload on `whatsapp.delivery`: work for whatsapp-api-service. */
export const whatsAppDeliverySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('message'),
    ...customerRoute,
    /** The agent's message: receipts and the wamid ↔ Genesys id record refer to it. */
    genesysMessageId: z.string().min(1),
    conversationId: z.string().min(1),
    /** The sends, in the order the customer must see them. */
    parts: z.array(whatsAppSendPartSchema).min(1).max(MAX_SEND_PARTS),
  }),
  z.object({
    kind: z.literal('typing'),
    ...customerRoute,
    /** The Genesys event id (for logs and dedupe). */
    genesysMessageId: z.string().min(1),
    /** WhatsApp shows a typing indicator in reply to the customer's last message. */
    replyToWhatsappMessageId: z.string().min(1),
  }),
]);
export type WhatsAppDelivery = z.infer<typeof whatsAppDeliverySchema>;
export type WhatsAppDeliveryOf<K extends WhatsAppDelivery['kind']> = Extract<WhatsAppDelivery, { kind: K }>;
