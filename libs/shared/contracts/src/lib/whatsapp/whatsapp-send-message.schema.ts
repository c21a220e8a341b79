import { z } from 'zod';
import { whatsAppInteractiveSchema } from './whatsapp-interactive.schema';
import { WHATSAPP_LIMITS, WHATSAPP_MESSAGING_PRODUCT } from './whatsapp.constants';

// Bodies of `POST /{phone-number-id}/messages` (spec A3). We build these ourselves, so objects are strict:
// a field Meta does not accept in that place (a caption on audio, a filename on an image) is an error here.

const sendBaseShape = {
  messaging_product: z.literal(WHATSAPP_MESSAGING_PRODUCT),
  recipient_type: z.literal('individual').optional(),
  /** wa_id or phone number of the customer. */
  to: z.string().min(1),
  /** Quote-reply to one of the customer's messages. */
  context: z.strictObject({ message_id: z.string().min(1) }).optional(),
  /** Echoed back in the statuses of this message. */
  biz_opaque_callback_data: z.string().optional(),
};

const mediaLinkSchema = z.url({ protocol: /^https?$/, error: 'Must be a public http(s) URL' });

const mediaSourceShape = { id: z.string().min(1).optional(), link: mediaLinkSchema.optional() };

/** Media is sent either by uploaded `id` (preferred by Meta) or by public `link`: exactly one of them. */
function hasExactlyOneSource(media: { readonly id?: string; readonly link?: string }): boolean {
  return (media.id === undefined) !== (media.link === undefined);
}

const EXACTLY_ONE_SOURCE = { path: ['id'], message: 'Exactly one of id or link is required' };

const captionSchema = z.string().optional();

export const whatsAppSendTextSchema = z.strictObject({
  body: z.string().min(1).max(WHATSAPP_LIMITS.TEXT_BODY_MAX_LENGTH),
  preview_url: z.boolean().optional(),
});

export const whatsAppSendImageSchema = z
  .strictObject({ ...mediaSourceShape, caption: captionSchema })
  .refine(hasExactlyOneSource, EXACTLY_ONE_SOURCE);

export const whatsAppSendVideoSchema = z
  .strictObject({ ...mediaSourceShape, caption: captionSchema })
  .refine(hasExactlyOneSource, EXACTLY_ONE_SOURCE);

/** No caption on audio. */
export const whatsAppSendAudioSchema = z
  .strictObject(mediaSourceShape)
  .refine(hasExactlyOneSource, EXACTLY_ONE_SOURCE);

/** The only media with a `filename`. */
export const whatsAppSendDocumentSchema = z
  .strictObject({ ...mediaSourceShape, caption: captionSchema, filename: z.string().min(1).optional() })
  .refine(hasExactlyOneSource, EXACTLY_ONE_SOURCE);

/** No caption on stickers. */
export const whatsAppSendStickerSchema = z
  .strictObject(mediaSourceShape)
  .refine(hasExactlyOneSource, EXACTLY_ONE_SOURCE);

/** Template parameters and components vary a lot; Meta validates them, we only check their outline. */
export const whatsAppSendTemplateSchema = z.strictObject({
  name: z.string().min(1),
  language: z.looseObject({ code: z.string().min(1) }),
  components: z
    .array(
      z.looseObject({
        type: z.string().min(1),
        parameters: z.array(z.looseObject({ type: z.string().min(1) })).optional(),
      }),
    )
    .optional(),
});

export const whatsAppSendReactionSchema = z.strictObject({
  message_id: z.string().min(1),
  /** An empty string removes our reaction. */
  emoji: z.string(),
});

export const whatsAppSendMessageRequestSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...sendBaseShape, type: z.literal('text'), text: whatsAppSendTextSchema }),
  z.strictObject({ ...sendBaseShape, type: z.literal('image'), image: whatsAppSendImageSchema }),
  z.strictObject({ ...sendBaseShape, type: z.literal('video'), video: whatsAppSendVideoSchema }),
  z.strictObject({ ...sendBaseShape, type: z.literal('audio'), audio: whatsAppSendAudioSchema }),
  z.strictObject({ ...sendBaseShape, type: z.literal('document'), document: whatsAppSendDocumentSchema }),
  z.strictObject({ ...sendBaseShape, type: z.literal('sticker'), sticker: whatsAppSendStickerSchema }),
  z.strictObject({ ...sendBaseShape, type: z.literal('template'), template: whatsAppSendTemplateSchema }),
  z.strictObject({
    ...sendBaseShape,
    type: z.literal('interactive'),
    interactive: whatsAppInteractiveSchema,
  }),
  z.strictObject({ ...sendBaseShape, type: z.literal('reaction'), reaction: whatsAppSendReactionSchema }),
]);

export type WhatsAppSendMessageRequest = z.infer<typeof whatsAppSendMessageRequestSchema>;

/** The member of WhatsAppSendMessageRequest with the given `type`, e.g. `WhatsAppSendMessageRequestOf<'text'>`. */
export type WhatsAppSendMessageRequestOf<TType extends WhatsAppSendMessageRequest['type']> = Extract<
  WhatsAppSendMessageRequest,
  { type: TType }
>;

/** Mark a customer's message as read (blue ticks); with `typing_indicator` it also shows "typing…" (≤ 25 s). */
export const whatsAppMarkReadRequestSchema = z.strictObject({
  messaging_product: z.literal(WHATSAPP_MESSAGING_PRODUCT),
  status: z.literal('read'),
  message_id: z.string().min(1),
  typing_indicator: z.strictObject({ type: z.literal('text') }).optional(),
});

export const whatsAppTypingIndicatorRequestSchema = whatsAppMarkReadRequestSchema.extend({
  typing_indicator: z.strictObject({ type: z.literal('text') }),
});

export type WhatsAppMarkReadRequest = z.infer<typeof whatsAppMarkReadRequestSchema>;
export type WhatsAppTypingIndicatorRequest = z.infer<typeof whatsAppTypingIndicatorRequestSchema>;
