import { z } from 'zod';
import {
  whatsAppIdSchema,
  whatsAppTimestampSchema,
  whatsAppWebhookErrorSchema,
} from './whatsapp-common.schema';
import { WHATSAPP_MESSAGE_STATUSES } from './whatsapp.constants';

/** Informational: the conversation the status was billed in (spec A2). */
export const whatsAppStatusConversationSchema = z.looseObject({
  id: z.string(),
  /** Only on `sent`. */
  expiration_timestamp: whatsAppTimestampSchema.optional(),
  origin: z.looseObject({ type: z.string() }).optional(),
});

/** Informational: since July 2025 `pricing_model` is `PMP` and `billable` is deprecated. */
export const whatsAppStatusPricingSchema = z.looseObject({
  pricing_model: z.string(),
  category: z.string(),
  type: z.string().optional(),
  billable: z.boolean().optional(),
});

/** One element of `value.statuses[]`: what became of a message we sent. */
export const whatsAppStatusSchema = z.looseObject({
  /** The wamid of our message (from the send response). */
  id: whatsAppIdSchema,
  status: z.enum(WHATSAPP_MESSAGE_STATUSES),
  timestamp: whatsAppTimestampSchema,
  recipient_id: whatsAppIdSchema,
  /** Present on `failed`; optional so that a failure without details still becomes a (GeneralError) receipt. */
  errors: z.array(whatsAppWebhookErrorSchema).optional(),
  /** Echo of the `biz_opaque_callback_data` we sent. */
  biz_opaque_callback_data: z.string().optional(),
  conversation: whatsAppStatusConversationSchema.optional(),
  pricing: whatsAppStatusPricingSchema.optional(),
});

export type WhatsAppStatus = z.infer<typeof whatsAppStatusSchema>;
