import { z } from 'zod';
import { rewriteUnrecognizedVariant, UNRECOGNIZED_VARIANT } from '../validation/unrecognized-variant.util';
import { genesysIdTypeSchema, genesysTimeSchema } from './genesys-common.schema';
import { hasTextOrContent, TEXT_OR_CONTENT_REQUIRED } from './text-or-content.util';
import {
  GENESYS_MEDIA_TYPES,
  GENESYS_ORIGINATING_ENTITIES,
  GENESYS_OUTBOUND_CONTENT_TYPES,
  GENESYS_OUTBOUND_RECEIPT_STATUSES,
} from './genesys.constants';

// The "Outbound Open NormalizedMessage" Genesys POSTs to our webhook (spec B3). Genesys's own JSON schema
// marks no field as required; we require what we need to deliver the message and answer with receipts.

const outboundAttachmentContentSchema = z.looseObject({
  contentType: z.literal('Attachment'),
  attachment: z.looseObject({
    id: z.string().optional(),
    mediaType: z.enum(GENESYS_MEDIA_TYPES),
    /** `https://api-downloads.{domain}/…`: download it at once (expiry unknown). */
    url: z.url(),
    mime: z.string().optional(),
    filename: z.string().optional(),
    contentSizeBytes: z.number().int().nonnegative().optional(),
    text: z.string().optional(),
    sha256: z.string().optional(),
  }),
});

const templateParameterSchema = z.looseObject({ name: z.string().optional(), text: z.string() });

/** A Genesys notification template (its WhatsApp counterpart is a template message). */
const outboundNotificationContentSchema = z.looseObject({
  contentType: z.literal('Notification'),
  template: z.looseObject({
    id: z.string().optional(),
    language: z.string().optional(),
    header: z
      .looseObject({
        type: z.string().optional(),
        text: z.string().optional(),
        parameters: z.array(templateParameterSchema).optional(),
      })
      .optional(),
    body: z.looseObject({
      text: z.string().optional(),
      parameters: z.array(templateParameterSchema).optional(),
    }),
    footer: z.looseObject({ text: z.string().optional() }).optional(),
  }),
});

// Quick replies and button responses are not in the outbound webhook's published JSON schema; their shape
// follows the SDK models (ConversationContentQuickReply / ConversationContentButtonResponse) and observed
// payloads (gildas/go-gcloudcx testdata `openmessaging-inbound-quickreply.json`). Kept loose for that reason.
const outboundQuickReplyContentSchema = z.looseObject({
  contentType: z.literal('QuickReply'),
  quickReply: z.looseObject({
    /** Label of the option; also the text sent back when it is chosen. */
    text: z.string().min(1),
    payload: z.string(),
    /** Only `Message` exists today. */
    action: z.string().optional(),
    image: z.string().optional(),
  }),
});

const outboundButtonResponseContentSchema = z.looseObject({
  contentType: z.literal('ButtonResponse'),
  buttonResponse: z.looseObject({
    type: z.string().optional(),
    text: z.string(),
    payload: z.string(),
    originatingMessageId: z.string().optional(),
  }),
});

/** Content Genesys may send that we do not handle (Card, Carousel, DatePicker, …): kept to report it. */
const unrecognizedContentSchema = z.object({
  contentType: z.literal(UNRECOGNIZED_VARIANT),
  originalContentType: z.string(),
  raw: z.record(z.string(), z.unknown()),
});

export const genesysOutboundContentSchema = z.preprocess(
  rewriteUnrecognizedVariant('contentType', GENESYS_OUTBOUND_CONTENT_TYPES, 'originalContentType'),
  z.discriminatedUnion('contentType', [
    outboundAttachmentContentSchema,
    outboundNotificationContentSchema,
    outboundQuickReplyContentSchema,
    outboundButtonResponseContentSchema,
    unrecognizedContentSchema,
  ]),
);

const outboundChannelSchema = z.looseObject({
  /** The integration id. */
  id: z.string().min(1),
  platform: z.string().optional(),
  type: z.string().optional(),
  messageId: z.string().optional(),
  /** The customer: `to.id` is the external id we sent as `from.id`, i.e. the reply address. */
  to: z.looseObject({ id: z.string().min(1), idType: genesysIdTypeSchema.optional() }),
  /** The integration (`nickname` = its name). */
  from: z.looseObject({
    id: z.string().min(1),
    idType: genesysIdTypeSchema.optional(),
    nickname: z.string().optional(),
  }),
  time: genesysTimeSchema,
});

const outboundBaseShape = {
  /** Genesys message id: receipts refer to it, and (`id`, `channel.time`) is unique: dedupe on it. */
  id: z.string().min(1),
  channel: outboundChannelSchema,
  direction: z.literal('Outbound').optional(),
  originatingEntity: z.enum(GENESYS_ORIGINATING_ENTITIES).optional(),
  /** Seen in every sample but not in Genesys's schema. */
  conversationId: z.string().min(1).optional(),
};

const outboundTextMessageSchema = z
  .looseObject({
    ...outboundBaseShape,
    type: z.literal('Text'),
    text: z.string().optional(),
    /** Attachments (agent messages only). */
    content: z.array(genesysOutboundContentSchema).optional(),
  })
  .refine(hasTextOrContent, TEXT_OR_CONTENT_REQUIRED);

const outboundStructuredMessageSchema = z.looseObject({
  ...outboundBaseShape,
  type: z.literal('Structured'),
  text: z.string().optional(),
  content: z.array(genesysOutboundContentSchema).min(1),
});

const outboundReceiptSchema = z.looseObject({
  ...outboundBaseShape,
  type: z.literal('Receipt'),
  status: z.enum(GENESYS_OUTBOUND_RECEIPT_STATUSES),
  // Codes stay strings here: Genesys's list grows (DataFiltered is missing from its own published schema).
  reasons: z.array(z.looseObject({ code: z.string().optional(), message: z.string().optional() })).optional(),
  isFinalReceipt: z.boolean().optional(),
});

const outboundEventSchema = z.looseObject({
  ...outboundBaseShape,
  type: z.literal('Event'),
  events: z
    .array(
      z.looseObject({
        eventType: z.literal('Typing'),
        typing: z
          .looseObject({ type: z.string(), duration: z.number().int().nonnegative().optional() })
          .optional(),
      }),
    )
    .min(1),
});

/** Body of a POST to `outboundNotificationWebhookUrl` (after its signature has been checked). */
export const genesysOutboundWebhookSchema = z.discriminatedUnion('type', [
  outboundTextMessageSchema,
  outboundStructuredMessageSchema,
  outboundReceiptSchema,
  outboundEventSchema,
]);

export type GenesysOutboundWebhook = z.infer<typeof genesysOutboundWebhookSchema>;

/** The member of GenesysOutboundWebhook with the given `type`, e.g. `GenesysOutboundWebhookOf<'Text'>`. */
export type GenesysOutboundWebhookOf<TType extends GenesysOutboundWebhook['type']> = Extract<
  GenesysOutboundWebhook,
  { type: TType }
>;

export type GenesysOutboundContent = z.infer<typeof genesysOutboundContentSchema>;

/** The member of GenesysOutboundContent with the given `contentType`. */
export type GenesysOutboundContentOf<TType extends GenesysOutboundContent['contentType']> = Extract<
  GenesysOutboundContent,
  { contentType: TType }
>;
