import { z } from 'zod';
import { WHATSAPP_MESSAGE_STATUSES } from '../whatsapp/whatsapp.constants';

// The internal HTTP API of state-manager (service tokens only). Paths carry the tenant; every
// query behind them is scoped to it. Callers use these schemas to validate what they get.

export const CONVERSATION_STATUSES = ['active', 'closed', 'expired'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export const MESSAGE_DIRECTIONS = ['inbound', 'outbound'] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];

/**
 * Delivery states of a tracked message. Inbound messages are `accepted` once Genesys took them;
 * outbound ones are `accepted` once WhatsApp answered with a wamid, then follow its statuses.
 */
export const TRACKED_MESSAGE_STATUSES = ['accepted', ...WHATSAPP_MESSAGE_STATUSES] as const;
export type TrackedMessageStatus = (typeof TRACKED_MESSAGE_STATUSES)[number];

/**
 * Statuses only move forward (WhatsApp does not guarantee their order, spec A2): a status is
 * applied only when its rank is higher than the current one. `failed` is final.
 */
export const TRACKED_STATUS_RANK: Readonly<Record<TrackedMessageStatus, number>> = {
  accepted: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  played: 4,
  failed: 5,
};

const isoTime = z.iso.datetime({ offset: true });

export const conversationViewSchema = z.object({
  id: z.string().uuid(),
  tenantId: z.string().min(1),
  phoneNumberId: z.string().min(1),
  customerWaId: z.string().min(1),
  customerName: z.string().nullable(),
  integrationId: z.string().min(1),
  conversationId: z.string().min(1),
  status: z.enum(CONVERSATION_STATUSES),
  /** Last message from the customer: the 24-hour window runs from here. */
  lastInboundAt: isoTime.nullable(),
  /** The wamid of that message: a typing indicator is shown in reply to it. */
  lastInboundMessageId: z.string().min(1).nullable(),
  lastActivityAt: isoTime,
  createdAt: isoTime,
});
export type ConversationView = z.infer<typeof conversationViewSchema>;

export const statusChangeSchema = z.object({ status: z.enum(TRACKED_MESSAGE_STATUSES), at: isoTime });
export type StatusChange = z.infer<typeof statusChangeSchema>;

export const trackedMessageViewSchema = z.object({
  id: z.string().uuid(),
  tenantId: z.string().min(1),
  direction: z.enum(MESSAGE_DIRECTIONS),
  whatsappMessageId: z.string().min(1),
  genesysMessageId: z.string().min(1),
  conversationId: z.string().nullable(),
  integrationId: z.string().min(1),
  phoneNumberId: z.string().min(1),
  customerWaId: z.string().min(1),
  status: z.enum(TRACKED_MESSAGE_STATUSES),
  statusHistory: z.array(statusChangeSchema),
  /** Which of the WhatsApp sends of one Genesys message this is (0 for a single send). */
  partIndex: z.number().int().min(0),
  partCount: z.number().int().min(1),
  createdAt: isoTime,
});
export type TrackedMessageView = z.infer<typeof trackedMessageViewSchema>;

/** POST /internal/tenants/:tenantId/messages: record a message (idempotent by wamid). */
export const recordMessageRequestSchema = z.object({
  direction: z.enum(MESSAGE_DIRECTIONS),
  whatsappMessageId: z.string().min(1),
  genesysMessageId: z.string().min(1),
  conversationId: z.string().min(1).optional(),
  integrationId: z.string().min(1),
  phoneNumberId: z.string().min(1),
  customerWaId: z.string().min(1),
  at: isoTime,
  /**
   * An agent's message WhatsApp needed several sends for (long text, several attachments): each
   * send is tracked. Delivered is decided by the last part; Failed by any part.
   */
  part: z
    .object({ index: z.number().int().min(0), count: z.number().int().min(1) })
    .refine((part) => part.index < part.count, { message: 'index must be below count' })
    .optional(),
});
export type RecordMessageRequest = z.infer<typeof recordMessageRequestSchema>;

/** POST /internal/tenants/:tenantId/messages/whatsapp/:wamid/status: apply a WhatsApp status. */
export const applyStatusRequestSchema = z.object({
  status: z.enum(WHATSAPP_MESSAGE_STATUSES),
  at: isoTime,
});
export type ApplyStatusRequest = z.infer<typeof applyStatusRequestSchema>;

/**
 * Answer to applyStatus. `receipt` says which Genesys receipt the transition calls for, decided
 * atomically with it, so that concurrent or repeated statuses yield each receipt once:
 * Delivered when the message first reaches delivered (or read/played when delivered was
 * skipped), Failed when it first fails. Null when the status changed nothing Genesys must hear.
 * The status that decided a receipt, applied again, answers that receipt again (`applied:
 * false`): a caller whose first answer was lost must not lose the receipt.
 */
export const applyStatusResponseSchema = z.object({
  applied: z.boolean(),
  previousStatus: z.enum(TRACKED_MESSAGE_STATUSES),
  message: trackedMessageViewSchema,
  receipt: z.enum(['Delivered', 'Failed']).nullable(),
});
export type ApplyStatusResponse = z.infer<typeof applyStatusResponseSchema>;

/** POST /internal/tenants/:tenantId/customers/number-changes: a customer changed number. */
export const customerNumberChangeRequestSchema = z.object({
  phoneNumberId: z.string().min(1),
  oldWaId: z.string().min(1),
  newWaId: z.string().min(1),
  at: isoTime,
});
export type CustomerNumberChangeRequest = z.infer<typeof customerNumberChangeRequestSchema>;

export const customerNumberChangeResponseSchema = z.object({
  /** Conversations moved to the new wa_id (0 when none existed). */
  moved: z.number().int().min(0),
});
export type CustomerNumberChangeResponse = z.infer<typeof customerNumberChangeResponseSchema>;

const t = (tenantId: string) => `/internal/tenants/${encodeURIComponent(tenantId)}`;

/** Paths of the state-manager internal API. */
export const STATE_MANAGER_PATHS = {
  /** GET ?phoneNumberId=&customerWaId= → ConversationView (the active one) or 404. */
  activeConversation: (tenantId: string) => `${t(tenantId)}/conversations/active`,
  /** GET → ConversationView or 404. */
  conversation: (tenantId: string, conversationId: string) =>
    `${t(tenantId)}/conversations/${encodeURIComponent(conversationId)}`,
  /** POST RecordMessageRequest → TrackedMessageView. */
  messages: (tenantId: string) => `${t(tenantId)}/messages`,
  /** GET → TrackedMessageView or 404. */
  messageByWhatsAppId: (tenantId: string, whatsappMessageId: string) =>
    `${t(tenantId)}/messages/whatsapp/${encodeURIComponent(whatsappMessageId)}`,
  /** GET → TrackedMessageView (the first part of a multi-part send) or 404. */
  messageByGenesysId: (tenantId: string, genesysMessageId: string) =>
    `${t(tenantId)}/messages/genesys/${encodeURIComponent(genesysMessageId)}`,
  /** POST ApplyStatusRequest → ApplyStatusResponse, or 404 when the wamid is not tracked. */
  messageStatus: (tenantId: string, whatsappMessageId: string) =>
    `${t(tenantId)}/messages/whatsapp/${encodeURIComponent(whatsappMessageId)}/status`,
  /** POST CustomerNumberChangeRequest → CustomerNumberChangeResponse. */
  customerNumberChanges: (tenantId: string) => `${t(tenantId)}/customers/number-changes`,
} as const;
