import { z } from 'zod';
import { deliveryOptionsShape, webhookTargetShape } from '../webhooks/webhook-delivery.dto';

const digits = z.string().regex(/^\d{1,20}$/, 'must be digits');

/** Fields every inbound message accepts; all have realistic defaults. */
const common = {
  /** The user's wa_id (default 15551234567). */
  from: digits.optional(),
  profileName: z.string().min(1).optional(),
  /** Message id (default a new `wamid.…`); reuse one to test deduplication. */
  id: z.string().min(1).optional(),
  /** Unix seconds (default now). */
  timestamp: z.number().int().min(0).optional(),
  /** Reply to / tap on one of our messages (`from` defaults to the business number), or a forward. */
  context: z
    .strictObject({
      id: z.string().min(1).optional(),
      from: digits.optional(),
      forwarded: z.boolean().optional(),
      frequentlyForwarded: z.boolean().optional(),
    })
    .optional(),
};

/** Media fields: without `mediaId`, downloadable media is created (from `contentBase64` or placeholder bytes). */
const media = {
  mediaId: z.string().min(1).optional(),
  mimeType: z.string().min(3).optional(),
  sha256: z.string().min(1).optional(),
  contentBase64: z.base64().optional(),
};

export const inboundMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...common, type: z.literal('text'), body: z.string().min(1) }),
  z.strictObject({ ...common, ...media, type: z.literal('image'), caption: z.string().optional() }),
  z.strictObject({ ...common, ...media, type: z.literal('video'), caption: z.string().optional() }),
  z.strictObject({ ...common, ...media, type: z.literal('audio'), voice: z.boolean().default(true) }),
  z.strictObject({
    ...common,
    ...media,
    type: z.literal('document'),
    caption: z.string().optional(),
    filename: z.string().min(1).default('document.pdf'),
  }),
  z.strictObject({ ...common, ...media, type: z.literal('sticker'), animated: z.boolean().default(false) }),
  z.strictObject({
    ...common,
    type: z.literal('location'),
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    name: z.string().optional(),
    address: z.string().optional(),
    url: z.string().optional(),
  }),
  z.strictObject({
    ...common,
    type: z.literal('contacts'),
    /** Shared contact cards in Meta's shape (name, phones, emails, …); default one sample card. */
    contacts: z.array(z.record(z.string(), z.unknown())).min(1).optional(),
  }),
  z.strictObject({
    ...common,
    type: z.literal('button_reply'),
    replyId: z.string().min(1),
    title: z.string().min(1),
  }),
  z.strictObject({
    ...common,
    type: z.literal('list_reply'),
    replyId: z.string().min(1),
    title: z.string().min(1),
    description: z.string().optional(),
  }),
  z.strictObject({ ...common, type: z.literal('button'), payload: z.string(), text: z.string() }),
  z.strictObject({
    ...common,
    type: z.literal('reaction'),
    messageId: z.string().min(1),
    /** `null` leaves the emoji out and `""` sends it empty: both mean the reaction was removed. */
    emoji: z.string().nullable().default('👍'),
  }),
  z.strictObject({
    ...common,
    type: z.literal('order'),
    catalogId: z.string().min(1),
    text: z.string().optional(),
    productItems: z
      .array(
        z.strictObject({
          productRetailerId: z.string().min(1),
          quantity: z.number().int().min(1),
          itemPrice: z.number().min(0),
          currency: z.string().length(3),
        }),
      )
      .min(1),
  }),
  z.strictObject({ ...common, type: z.literal('unsupported'), unsupportedType: z.string().optional() }),
  z.strictObject({
    ...common,
    type: z.literal('customer_changed_number'),
    newWaId: digits,
    body: z.string().optional(),
  }),
]);

export type InboundMessageDto = z.output<typeof inboundMessageSchema>;
export type InboundMessageType = InboundMessageDto['type'];

export const deliverInboundSchema = z.strictObject({
  ...deliveryOptionsShape,
  ...webhookTargetShape,
  /** Batched into one POST, in this order. */
  messages: z.array(inboundMessageSchema).min(1),
});

export type DeliverInboundDto = z.output<typeof deliverInboundSchema>;

export const deliverErrorsSchema = z.strictObject({
  ...deliveryOptionsShape,
  ...webhookTargetShape,
  errors: z.array(z.strictObject({ code: z.number().int().min(0), details: z.string().optional() })).min(1),
});

export type DeliverErrorsDto = z.output<typeof deliverErrorsSchema>;
