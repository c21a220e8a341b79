import { z } from 'zod';
import {
  ID_TYPES,
  INBOUND_RECEIPT_STATUSES,
  MEDIA_TYPES,
  RECEIPT_REASON_CODES,
} from '../core/genesys-vocabulary.constants';

/**
 * Request models of the inbound Open Messaging endpoints (spec B2, B4). Unknown fields are
 * ignored, as Genesys does; the required ones are enforced so that a 400 names the field.
 */

const E164 = /^\+[1-9]\d{1,14}$/;

const isoDateTime = z.iso.datetime({
  offset: true,
  error: 'must be an ISO-8601 date-time, e.g. 2026-01-01T00:00:00.000Z',
});

export const fromSchema = z
  .object({
    id: z.string().min(1),
    idType: z.enum(ID_TYPES),
    nickname: z.string().optional(),
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    image: z.string().optional(),
    email: z.string().optional(),
  })
  .superRefine((from, ctx) => {
    // Stricter than documented on purpose: a wa_id has no "+", so sending it as Phone is a bug (spec B6).
    if (from.idType === 'Phone' && !E164.test(from.id)) {
      ctx.addIssue({
        code: 'custom',
        path: ['id'],
        message: 'must be an E.164 number (+ and digits) when idType is Phone',
      });
    }
  });

export const inboundChannelSchema = z.object({
  from: fromSchema,
  time: isoDateTime,
  messageId: z.string().min(1).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

export const attachmentSchema = z.object({
  mediaType: z.enum(MEDIA_TYPES),
  url: z.url({ error: 'must be a URL' }),
  mime: z.string().min(1),
  filename: z.string().optional(),
  text: z.string().optional(),
  sha256: z.string().optional(),
  id: z.string().optional(),
});

export const inboundContentSchema = z.object({ attachment: attachmentSchema });

function hasTextOrContent(message: {
  text?: string | undefined;
  content?: readonly unknown[] | undefined;
}): boolean {
  return Boolean(message.text) || (message.content?.length ?? 0) > 0;
}

const textOrContent = { message: 'text or content is required (at least one of them)', path: ['text'] };

/** `OpenInboundNormalizedMessage`. */
export const inboundMessageSchema = z
  .object({
    channel: inboundChannelSchema,
    text: z.string().optional(),
    content: z.array(inboundContentSchema).optional(),
  })
  .refine(hasTextOrContent, textOrContent);

/** `OpenInboundNormalizedReceipt`. */
export const inboundReceiptSchema = z
  .object({
    id: z.string().min(1),
    channel: z.object({
      to: z.object({ id: z.string().min(1), idType: z.enum(ID_TYPES).optional() }),
      time: isoDateTime,
    }),
    status: z.enum(INBOUND_RECEIPT_STATUSES),
    reasons: z
      .array(z.object({ code: z.enum(RECEIPT_REASON_CODES), message: z.string().optional() }))
      .optional(),
    isFinalReceipt: z.boolean().optional(),
  })
  .refine((receipt) => receipt.reasons === undefined || receipt.status === 'Failed', {
    message: 'is only allowed with status Failed',
    path: ['reasons'],
  });

/** `OpenInboundNormalizedEvent`: `Typing` is the only event type. */
export const inboundEventSchema = z.object({
  channel: inboundChannelSchema,
  events: z
    .array(
      z.object({
        eventType: z.literal('Typing'),
        typing: z.object({ type: z.literal('On'), duration: z.int().positive().optional() }).optional(),
      }),
    )
    .min(1),
});

/** `OpenInboundStructuredResponseMessage`: the customer answering a quick reply. */
export const inboundStructuredResponseSchema = z.object({
  channel: inboundChannelSchema,
  buttonResponse: z.object({
    type: z.string().min(1),
    text: z.string().min(1),
    payload: z.string().min(1),
    id: z.string().optional(),
  }),
  originatingMessageId: z.string().min(1),
});

/** `OpenNormalizedMessage` of the deprecated endpoint: the integration is `channel.to.id`. */
export const legacyInboundMessageSchema = z
  .object({
    channel: inboundChannelSchema.extend({
      platform: z.literal('Open'),
      type: z.literal('Private').optional(),
      to: z.object({ id: z.string().min(1) }),
    }),
    type: z.literal('Text'),
    text: z.string().optional(),
    content: z.array(inboundContentSchema).optional(),
    direction: z.literal('Inbound').optional(),
  })
  .refine(hasTextOrContent, textOrContent);

export const inboundLogFilterSchema = z.object({
  integrationId: z.string().min(1).optional(),
  kind: z.enum(['message', 'receipt', 'event', 'structured-response', 'legacy-message']).optional(),
  customerId: z.string().min(1).optional(),
  accepted: z.enum(['true', 'false']).optional(),
  /** A provider message id (`channel.messageId`, the wamid) or a Genesys message id. */
  messageId: z.string().min(1).optional(),
  afterSeq: z.coerce.number().int().min(0).optional(),
});

export type InboundChannel = z.infer<typeof inboundChannelSchema>;
export type InboundContent = z.infer<typeof inboundContentSchema>;
export type InboundMessage = z.infer<typeof inboundMessageSchema>;
export type InboundReceipt = z.infer<typeof inboundReceiptSchema>;
export type InboundEvent = z.infer<typeof inboundEventSchema>;
export type InboundStructuredResponse = z.infer<typeof inboundStructuredResponseSchema>;
export type LegacyInboundMessage = z.infer<typeof legacyInboundMessageSchema>;
export type InboundLogFilter = z.infer<typeof inboundLogFilterSchema>;
