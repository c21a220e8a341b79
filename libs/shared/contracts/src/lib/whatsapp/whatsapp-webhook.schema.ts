import { z } from 'zod';
import { rewriteUnrecognizedVariant, UNRECOGNIZED_VARIANT } from '../validation/unrecognized-variant.util';
import { whatsAppIdSchema, whatsAppWebhookErrorSchema } from './whatsapp-common.schema';
import { whatsAppInboundMessageSchema } from './whatsapp-inbound-message.schema';
import { whatsAppStatusSchema } from './whatsapp-status.schema';
import {
  WHATSAPP_MESSAGING_PRODUCT,
  WHATSAPP_WEBHOOK_FIELDS,
  WHATSAPP_WEBHOOK_OBJECT,
} from './whatsapp.constants';

// The webhook POST body (spec A2). One POST can batch several entries, changes, messages and statuses.

export const whatsAppWebhookContactSchema = z.looseObject({
  /** The reply address; may differ from the number the customer dialled. */
  wa_id: whatsAppIdSchema,
  profile: z.looseObject({ name: z.string().optional() }).optional(),
  /** Business-scoped user id in newer payloads. */
  user_id: z.string().optional(),
});

export const whatsAppWebhookMetadataSchema = z.looseObject({
  display_phone_number: z.string().min(1),
  /** Routing key: which tenant number the event belongs to. */
  phone_number_id: whatsAppIdSchema,
});

/** `value` of a `messages` change: messages (+ contacts), statuses, or system errors. */
export const whatsAppMessagesValueSchema = z.looseObject({
  messaging_product: z.literal(WHATSAPP_MESSAGING_PRODUCT),
  metadata: whatsAppWebhookMetadataSchema,
  contacts: z.array(whatsAppWebhookContactSchema).optional(),
  messages: z.array(whatsAppInboundMessageSchema).optional(),
  statuses: z.array(whatsAppStatusSchema).optional(),
  errors: z.array(whatsAppWebhookErrorSchema).optional(),
});

const messagesChangeSchema = z.looseObject({
  field: z.literal('messages'),
  value: whatsAppMessagesValueSchema,
});

/** A change of a subscription field we do not handle (e.g. `account_update`): kept, not validated. */
const unrecognizedChangeSchema = z.object({
  field: z.literal(UNRECOGNIZED_VARIANT),
  originalField: z.string(),
  raw: z.record(z.string(), z.unknown()),
});

export const whatsAppWebhookChangeSchema = z.preprocess(
  rewriteUnrecognizedVariant('field', WHATSAPP_WEBHOOK_FIELDS, 'originalField'),
  z.discriminatedUnion('field', [messagesChangeSchema, unrecognizedChangeSchema]),
);

export const whatsAppWebhookEntrySchema = z.looseObject({
  /** WhatsApp Business Account id. */
  id: whatsAppIdSchema,
  changes: z.array(whatsAppWebhookChangeSchema),
});

export const whatsAppWebhookSchema = z.looseObject({
  object: z.literal(WHATSAPP_WEBHOOK_OBJECT),
  entry: z.array(whatsAppWebhookEntrySchema),
});

export type WhatsAppWebhook = z.infer<typeof whatsAppWebhookSchema>;
export type WhatsAppWebhookEntry = z.infer<typeof whatsAppWebhookEntrySchema>;
export type WhatsAppWebhookChange = z.infer<typeof whatsAppWebhookChangeSchema>;
export type WhatsAppMessagesValue = z.infer<typeof whatsAppMessagesValueSchema>;
export type WhatsAppWebhookContact = z.infer<typeof whatsAppWebhookContactSchema>;
export type WhatsAppWebhookMetadata = z.infer<typeof whatsAppWebhookMetadataSchema>;
