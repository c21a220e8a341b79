import { z } from 'zod';

/**
 * Payload of one WhatsApp webhook item on `whatsapp.inbound.raw` (and of a parked one on
 * `whatsapp.inbound.unroutable`). The webhook service only splits the batch and resolves the
 * tenant: `item` is the raw `messages[]`, `statuses[]` or `errors[]` element, validated by the
 * inbound-transformer so that a bad item is dead-lettered with its reason instead of failing
 * the whole webhook.
 */
export const whatsAppInboundEventSchema = z.object({
  kind: z.enum(['message', 'status', 'error']),
  phoneNumberId: z.string().min(1),
  displayPhoneNumber: z.string().optional(),
  /** `entry[].id`: the WhatsApp Business Account. */
  wabaId: z.string().optional(),
  /**
   * The customer this item is about (message `from`, status `recipient_id`), when present.
   * Together with the tenant and phone number it is the ordering key of the pipeline.
   */
  customerWaId: z.string().min(1).optional(),
  /** The `contacts[]` entry whose wa_id is the sender (profile name), raw. */
  contact: z.unknown().optional(),
  /** When the webhook service received the POST (ISO-8601). */
  receivedAt: z.iso.datetime({ offset: true }),
  /** Index of the item in the webhook batch, for logs. */
  batchIndex: z.number().int().min(0),
  item: z.unknown(),
});

export type WhatsAppInboundEvent = z.infer<typeof whatsAppInboundEventSchema>;

/** A parked item on `whatsapp.inbound.unroutable`: it may lack even its phone_number_id. */
export const parkedWhatsAppInboundEventSchema = whatsAppInboundEventSchema.extend({
  phoneNumberId: z.string().min(1).optional(),
});
export type ParkedWhatsAppInboundEvent = z.infer<typeof parkedWhatsAppInboundEventSchema>;
export type WhatsAppInboundEventKind = WhatsAppInboundEvent['kind'];

/** Envelope.tenantId of an event whose phone_number_id belongs to no tenant. */
export const UNROUTABLE_TENANT_ID = 'unroutable';
