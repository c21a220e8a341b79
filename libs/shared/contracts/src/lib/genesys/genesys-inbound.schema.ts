import { z } from 'zod';
import {
  genesysFromRecipientSchema,
  genesysInboundContentSchema,
  genesysTimeSchema,
} from './genesys-common.schema';
import { hasTextOrContent, TEXT_OR_CONTENT_REQUIRED } from './text-or-content.util';

// What we POST to /api/v2/conversations/messages/{integrationId}/inbound/open/… and what Genesys answers (spec B2).

/** `channel.metadata`: `customAttributes` become participant data that Architect flows can read. */
export const genesysChannelMetadataSchema = z.looseObject({
  customAttributes: z.record(z.string(), z.string()).optional(),
});

/** Body of `POST …/{integrationId}/inbound/open/message` (OpenInboundNormalizedMessage). */
export const genesysInboundMessageRequestSchema = z
  .looseObject({
    channel: z.looseObject({
      from: genesysFromRecipientSchema,
      time: genesysTimeSchema,
      /** The provider's message id: we send the wamid. */
      messageId: z.string().min(1).optional(),
      metadata: genesysChannelMetadataSchema.optional(),
    }),
    text: z.string().optional(),
    content: z.array(genesysInboundContentSchema).optional(),
  })
  .refine(hasTextOrContent, TEXT_OR_CONTENT_REQUIRED);

/** Body of the deprecated `POST /api/v2/conversations/messages/inbound/open` (OpenNormalizedMessage). */
export const genesysLegacyInboundMessageRequestSchema = z
  .looseObject({
    channel: z.looseObject({
      platform: z.literal('Open'),
      type: z.literal('Private'),
      messageId: z.string().min(1).optional(),
      /** `to.id` is the integration id. */
      to: z.looseObject({ id: z.string().min(1) }),
      from: genesysFromRecipientSchema,
      time: genesysTimeSchema,
    }),
    type: z.literal('Text'),
    text: z.string().optional(),
    content: z.array(genesysInboundContentSchema).optional(),
    direction: z.literal('Inbound'),
  })
  .refine(hasTextOrContent, TEXT_OR_CONTENT_REQUIRED);

/**
 * Genesys's answer to an inbound message (OpenMessageNormalizedMessage).
 *
 * IMPORTANT, two different ids:
 * - `id` is the Genesys MESSAGE id: store it against the wamid (receipts and replies refer to it);
 * - `conversationId` (top level) is the CONVERSATION id. The original platform read the wrong field and
 *   took `id` for the conversation. Genesys only fills `conversationId` when the request was sent with
 *   `?prefetchConversationId=true`, so it is optional here; use genesysInboundMessageResponseWithConversationSchema
 *   where the conversation id is needed (our correlation model always asks for it).
 */
export const genesysInboundMessageResponseSchema = z.looseObject({
  id: z.string().min(1),
  channel: z
    .looseObject({
      /** The integration id. */
      id: z.string().optional(),
      platform: z.string().optional(),
      type: z.string().optional(),
      messageId: z.string().optional(),
      to: z.looseObject({ id: z.string() }).optional(),
      from: z.looseObject({ id: z.string() }).optional(),
      time: z.string().optional(),
    })
    .optional(),
  type: z.string().optional(),
  text: z.string().optional(),
  content: z.array(z.looseObject({})).optional(),
  conversationId: z.string().min(1).optional(),
});

/** The response of a call made with `prefetchConversationId=true`, where `conversationId` must be present. */
export const genesysInboundMessageResponseWithConversationSchema = genesysInboundMessageResponseSchema.extend(
  {
    conversationId: z.string().min(1),
  },
);

/** Body of `POST …/{integrationId}/inbound/open/event`: `Typing` is the only event type. */
export const genesysInboundTypingEventRequestSchema = z.looseObject({
  channel: z.looseObject({
    from: genesysFromRecipientSchema,
    time: genesysTimeSchema,
  }),
  events: z
    .array(
      z.looseObject({
        eventType: z.literal('Typing'),
        typing: z
          .looseObject({ type: z.literal('On'), duration: z.number().int().positive().optional() })
          .optional(),
      }),
    )
    .min(1),
});

/** Body of `POST …/{integrationId}/inbound/open/structured/response`: the customer answered a quick reply. */
export const genesysStructuredResponseRequestSchema = z.looseObject({
  channel: z.looseObject({
    from: genesysFromRecipientSchema,
    time: genesysTimeSchema,
    messageId: z.string().min(1).optional(),
  }),
  buttonResponse: z.looseObject({
    /** e.g. `QuickReply`, `Button`, `DatePicker`. */
    type: z.string().optional(),
    text: z.string(),
    payload: z.string(),
    originatingMessageId: z.string().optional(),
  }),
  /** Genesys id of the structured (quick-reply) message being answered. */
  originatingMessageId: z.string().min(1),
});

export type GenesysChannelMetadata = z.infer<typeof genesysChannelMetadataSchema>;
export type GenesysInboundMessageRequest = z.infer<typeof genesysInboundMessageRequestSchema>;
export type GenesysLegacyInboundMessageRequest = z.infer<typeof genesysLegacyInboundMessageRequestSchema>;
export type GenesysInboundMessageResponse = z.infer<typeof genesysInboundMessageResponseSchema>;
export type GenesysInboundMessageResponseWithConversation = z.infer<
  typeof genesysInboundMessageResponseWithConversationSchema
>;
export type GenesysInboundTypingEventRequest = z.infer<typeof genesysInboundTypingEventRequestSchema>;
export type GenesysStructuredResponseRequest = z.infer<typeof genesysStructuredResponseRequestSchema>;
