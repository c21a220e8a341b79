import { z } from 'zod';
import { WHATSAPP_MESSAGING_PRODUCT } from './whatsapp.constants';

// Responses of the Graph API (spec A3–A5). Loose: Meta adds fields; we require what we store or use.

export const whatsAppSendMessageResponseSchema = z.looseObject({
  messaging_product: z.literal(WHATSAPP_MESSAGING_PRODUCT),
  contacts: z.array(z.looseObject({ input: z.string(), wa_id: z.string().min(1) })).optional(),
  messages: z
    .array(
      z.looseObject({
        /** The wamid that statuses will refer to: store it. */
        id: z.string().min(1),
        // Not an enum on purpose: refusing a response to a send that succeeded would make us send it again.
        // Known values: WHATSAPP_SEND_MESSAGE_STATUSES.
        message_status: z.string().optional(),
      }),
    )
    .min(1),
});

/** `GET /{media-id}`: the `url` is valid for 5 minutes and needs the same Bearer token. */
export const whatsAppMediaUrlResponseSchema = z.looseObject({
  messaging_product: z.literal(WHATSAPP_MESSAGING_PRODUCT),
  url: z.url(),
  mime_type: z.string().min(1),
  sha256: z.string().optional(),
  /** Bytes; seen both as a number and as a numeric string. */
  file_size: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).optional(),
  id: z.string().min(1),
});

/** `POST /{phone-number-id}/media`. */
export const whatsAppMediaUploadResponseSchema = z.looseObject({ id: z.string().min(1) });

/** Answer to mark-as-read and typing-indicator requests. */
export const whatsAppSuccessResponseSchema = z.looseObject({ success: z.boolean() });

/** Body of a failed Graph call (HTTP 4xx/5xx). Key on `code`, never on titles or the HTTP status. */
export const whatsAppGraphErrorSchema = z.looseObject({
  error: z.looseObject({
    message: z.string(),
    type: z.string().optional(),
    code: z.number().int(),
    /** Dropped by Meta from v16. */
    error_subcode: z.number().int().optional(),
    error_data: z
      .looseObject({ messaging_product: z.string().optional(), details: z.string().optional() })
      .optional(),
    error_user_title: z.string().optional(),
    error_user_msg: z.string().optional(),
    fbtrace_id: z.string().optional(),
  }),
});

export type WhatsAppSendMessageResponse = z.infer<typeof whatsAppSendMessageResponseSchema>;
export type WhatsAppMediaUrlResponse = z.infer<typeof whatsAppMediaUrlResponseSchema>;
export type WhatsAppMediaUploadResponse = z.infer<typeof whatsAppMediaUploadResponseSchema>;
export type WhatsAppSuccessResponse = z.infer<typeof whatsAppSuccessResponseSchema>;
export type WhatsAppGraphError = z.infer<typeof whatsAppGraphErrorSchema>;
