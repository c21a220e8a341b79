import { z } from 'zod';
import {
  ID_TYPES,
  ORIGINATING_ENTITIES,
  OUTBOUND_RECEIPT_STATUSES,
  RECEIPT_REASON_CODES,
} from '../core/genesys-vocabulary.constants';
import { SIGNATURE_MODES } from './webhook-delivery.service';

const target = {
  integrationId: z.string().min(1),
  customerId: z.string().min(1),
  /** `channel.to.idType`; defaults to the one of the customer's conversation, else `Opaque`. */
  customerIdType: z.enum(ID_TYPES).optional(),
  signatureMode: z.enum(SIGNATURE_MODES).default('valid'),
};

const originatingEntity = z.enum(ORIGINATING_ENTITIES).default('Human');

const attachmentSchema = z.union([
  z.object({ downloadId: z.string().min(1), filename: z.string().min(1).optional() }),
  z.object({ mime: z.string().min(1), filename: z.string().min(1).optional(), dataBase64: z.base64() }),
]);

export const outboundMessageSchema = z
  .object({
    ...target,
    text: z.string().optional(),
    attachments: z.array(attachmentSchema).max(10).optional(),
    originatingEntity,
    /**
     * The Genesys id of the message the agent quotes, sent as `channel.metadata.replyToMessageId`.
     * Genesys documents no quote field on the outbound webhook: this is Switchboard's convention.
     */
    replyToMessageId: z.string().min(1).max(256).optional(),
  })
  .refine((message) => Boolean(message.text) || (message.attachments?.length ?? 0) > 0, {
    message: 'text or attachments is required',
    path: ['text'],
  });

export const structuredMessageSchema = z.object({
  ...target,
  text: z.string().min(1),
  quickReplies: z
    .array(z.object({ text: z.string().min(1), payload: z.string().min(1).optional() }))
    .min(1)
    .max(13),
  originatingEntity,
});

export const typingEventSchema = z.object({
  ...target,
  durationMs: z.int().positive().default(5_000),
});

export const outboundReceiptSchema = z.object({
  integrationId: z.string().min(1),
  /** The Genesys id of the message the receipt is about (usually an inbound message). */
  messageId: z.string().min(1),
  /** Needed only when `messageId` is not one the simulator has seen. */
  customerId: z.string().min(1).optional(),
  customerIdType: z.enum(ID_TYPES).optional(),
  status: z.enum(OUTBOUND_RECEIPT_STATUSES),
  reasons: z
    .array(z.object({ code: z.enum(RECEIPT_REASON_CODES), message: z.string().optional() }))
    .optional(),
  isFinalReceipt: z.boolean().default(false),
  signatureMode: z.enum(SIGNATURE_MODES).default('valid'),
});

export const rawWebhookSchema = z
  .object({
    integrationId: z.string().min(1),
    /** Sent as `JSON.stringify(body)`. */
    body: z.unknown().optional(),
    /** Sent byte for byte (UTF-8), e.g. to test a receiver that must not re-serialise. */
    rawBody: z.string().optional(),
    signatureMode: z.enum(SIGNATURE_MODES).default('valid'),
  })
  .refine((request) => (request.body === undefined) !== (request.rawBody === undefined), {
    message: 'exactly one of body and rawBody is required',
    path: ['body'],
  });

export const sendOptionsSchema = z.object({
  /** `true`: answer once the delivery succeeded, failed or gave up, instead of at once (202). */
  wait: z.enum(['true', 'false']).default('false'),
});

export const redeliverSchema = z.object({
  /** How many identical copies to send at once (concurrent duplicates). */
  count: z.int().min(1).max(100).default(1),
});

export const deliveriesFilterSchema = z.object({
  integrationId: z.string().min(1).optional(),
  messageId: z.string().min(1).optional(),
  status: z.enum(['pending', 'delivered', 'failed', 'gave-up', 'cancelled']).optional(),
});

export const downloadDescriptorSchema = z.object({
  mime: z.string().min(1),
  filename: z.string().min(1).optional(),
  dataBase64: z.base64(),
});

export const downloadQuerySchema = z.object({ filename: z.string().min(1).optional() });

export type OutboundMessageRequest = z.infer<typeof outboundMessageSchema>;
export type StructuredMessageRequest = z.infer<typeof structuredMessageSchema>;
export type TypingEventRequest = z.infer<typeof typingEventSchema>;
export type OutboundReceiptRequest = z.infer<typeof outboundReceiptSchema>;
export type RawWebhookRequest = z.infer<typeof rawWebhookSchema>;
