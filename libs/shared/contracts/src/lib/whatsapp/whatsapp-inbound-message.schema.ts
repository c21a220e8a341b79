import { z } from 'zod';
import { rewriteUnrecognizedVariant, UNRECOGNIZED_VARIANT } from '../validation/unrecognized-variant.util';
import {
  whatsAppIdSchema,
  whatsAppTimestampSchema,
  whatsAppWebhookErrorSchema,
} from './whatsapp-common.schema';
import { WHATSAPP_INBOUND_MESSAGE_TYPES } from './whatsapp.constants';

// Inbound messages of the webhook (spec A2). Objects are loose: Meta adds optional fields over time and we
// keep them; what the pipeline relies on (ids, sender, timestamp, per-type payload) is required.

/** Reply-to / forward information (`context`). */
export const whatsAppMessageContextSchema = z.looseObject({
  from: z.string().optional(),
  id: z.string().optional(),
  forwarded: z.boolean().optional(),
  frequently_forwarded: z.boolean().optional(),
});

/** Click-to-WhatsApp ad the customer came from (`referral`). */
export const whatsAppReferralSchema = z.looseObject({
  source_url: z.string().optional(),
  source_type: z.string().optional(),
  source_id: z.string().optional(),
  headline: z.string().optional(),
  body: z.string().optional(),
  media_type: z.string().optional(),
  ctwa_clid: z.string().optional(),
});

const messageBaseShape = {
  from: whatsAppIdSchema,
  id: whatsAppIdSchema,
  timestamp: whatsAppTimestampSchema,
  context: whatsAppMessageContextSchema.optional(),
  referral: whatsAppReferralSchema.optional(),
  errors: z.array(whatsAppWebhookErrorSchema).optional(),
};

const inboundMediaSchema = z.looseObject({
  id: whatsAppIdSchema,
  mime_type: z.string().min(1),
  // Documented by Meta but not needed to fetch the media: optional so that its absence loses no message.
  sha256: z.string().optional(),
  url: z.string().optional(),
});

const textMessageSchema = z.looseObject({
  ...messageBaseShape,
  type: z.literal('text'),
  text: z.looseObject({ body: z.string() }),
});

const imageMessageSchema = z.looseObject({
  ...messageBaseShape,
  type: z.literal('image'),
  image: inboundMediaSchema.extend({ caption: z.string().optional() }),
});

const audioMessageSchema = z.looseObject({
  ...messageBaseShape,
  type: z.literal('audio'),
  /** `voice: true` for a voice note (`audio/ogg; codecs=opus`). */
  audio: inboundMediaSchema.extend({ voice: z.boolean().optional() }),
});

const videoMessageSchema = z.looseObject({
  ...messageBaseShape,
  type: z.literal('video'),
  video: inboundMediaSchema.extend({ caption: z.string().optional() }),
});

const documentMessageSchema = z.looseObject({
  ...messageBaseShape,
  type: z.literal('document'),
  document: inboundMediaSchema.extend({ caption: z.string().optional(), filename: z.string().optional() }),
});

const stickerMessageSchema = z.looseObject({
  ...messageBaseShape,
  type: z.literal('sticker'),
  sticker: inboundMediaSchema.extend({ animated: z.boolean().optional() }),
});

const locationMessageSchema = z.looseObject({
  ...messageBaseShape,
  type: z.literal('location'),
  location: z.looseObject({
    latitude: z.number(),
    longitude: z.number(),
    name: z.string().optional(),
    address: z.string().optional(),
    url: z.string().optional(),
  }),
});

const sharedContactSchema = z.looseObject({
  name: z.looseObject({
    formatted_name: z.string().min(1),
    first_name: z.string().optional(),
    last_name: z.string().optional(),
    middle_name: z.string().optional(),
  }),
  phones: z
    .array(
      z.looseObject({
        phone: z.string().optional(),
        wa_id: z.string().optional(),
        type: z.string().optional(),
      }),
    )
    .optional(),
  emails: z.array(z.looseObject({ email: z.string().optional(), type: z.string().optional() })).optional(),
});

const contactsMessageSchema = z.looseObject({
  ...messageBaseShape,
  type: z.literal('contacts'),
  contacts: z.array(sharedContactSchema).min(1),
});

const interactiveReplySchema = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('button_reply'),
    button_reply: z.looseObject({ id: z.string().min(1), title: z.string() }),
  }),
  z.looseObject({
    type: z.literal('list_reply'),
    list_reply: z.looseObject({
      id: z.string().min(1),
      title: z.string(),
      description: z.string().optional(),
    }),
  }),
]);

const interactiveMessageSchema = z.looseObject({
  ...messageBaseShape,
  type: z.literal('interactive'),
  interactive: interactiveReplySchema,
});

/** Tap on a quick-reply button of a template we sent. */
const buttonMessageSchema = z.looseObject({
  ...messageBaseShape,
  type: z.literal('button'),
  button: z.looseObject({ payload: z.string(), text: z.string() }),
});

const reactionMessageSchema = z.looseObject({
  ...messageBaseShape,
  type: z.literal('reaction'),
  /** An empty or missing `emoji` means the customer removed the reaction. */
  reaction: z.looseObject({ message_id: whatsAppIdSchema, emoji: z.string().optional() }),
});

const orderMessageSchema = z.looseObject({
  ...messageBaseShape,
  type: z.literal('order'),
  order: z.looseObject({
    catalog_id: z.string().min(1),
    text: z.string().optional(),
    product_items: z
      .array(
        z.looseObject({
          product_retailer_id: z.string().min(1),
          quantity: z.number(),
          item_price: z.number(),
          currency: z.string().min(1),
        }),
      )
      .min(1),
  }),
});

/** A message type WhatsApp itself could not deliver to the API (error 131051). */
const unsupportedMessageSchema = z.looseObject({
  ...messageBaseShape,
  type: z.literal('unsupported'),
  errors: z.array(whatsAppWebhookErrorSchema).min(1),
  unsupported: z.looseObject({ type: z.string().optional() }).optional(),
});

const systemMessageSchema = z.looseObject({
  ...messageBaseShape,
  type: z.literal('system'),
  system: z.discriminatedUnion('type', [
    z.looseObject({
      type: z.literal('customer_changed_number'),
      body: z.string().optional(),
      /** The customer's new wa_id: the reply address from now on. */
      wa_id: whatsAppIdSchema,
      customer: z.string().optional(),
    }),
    z.looseObject({
      type: z.literal('customer_identity_changed'),
      body: z.string().optional(),
      identity: z.string().optional(),
      customer: z.string().optional(),
    }),
  ]),
});

/**
 * A message type this version does not know (e.g. one Meta adds later). It keeps the fields the pipeline needs
 * to answer and deduplicate, the original `type`, and the whole original object in `raw` so that the pipeline can
 * describe it to the agent. See UNRECOGNIZED_VARIANT.
 */
const unrecognizedMessageSchema = z.object({
  from: whatsAppIdSchema,
  id: whatsAppIdSchema,
  timestamp: whatsAppTimestampSchema,
  context: whatsAppMessageContextSchema.optional(),
  type: z.literal(UNRECOGNIZED_VARIANT),
  originalType: z.string(),
  raw: z.record(z.string(), z.unknown()),
});

/** One element of `value.messages[]`, discriminated on `type`. */
export const whatsAppInboundMessageSchema = z.preprocess(
  rewriteUnrecognizedVariant('type', WHATSAPP_INBOUND_MESSAGE_TYPES, 'originalType'),
  z.discriminatedUnion('type', [
    textMessageSchema,
    imageMessageSchema,
    audioMessageSchema,
    videoMessageSchema,
    documentMessageSchema,
    stickerMessageSchema,
    locationMessageSchema,
    contactsMessageSchema,
    interactiveMessageSchema,
    buttonMessageSchema,
    reactionMessageSchema,
    orderMessageSchema,
    unsupportedMessageSchema,
    systemMessageSchema,
    unrecognizedMessageSchema,
  ]),
);

export type WhatsAppInboundMessage = z.infer<typeof whatsAppInboundMessageSchema>;

/** The member of WhatsAppInboundMessage with the given `type`, e.g. `WhatsAppInboundMessageOf<'image'>`. */
export type WhatsAppInboundMessageOf<TType extends WhatsAppInboundMessage['type']> = Extract<
  WhatsAppInboundMessage,
  { type: TType }
>;

export type WhatsAppUnrecognizedMessage = WhatsAppInboundMessageOf<typeof UNRECOGNIZED_VARIANT>;

export type WhatsAppMessageContext = z.infer<typeof whatsAppMessageContextSchema>;

export type WhatsAppReferral = z.infer<typeof whatsAppReferralSchema>;
