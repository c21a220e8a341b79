/** Message types of the inbound webhook that the contracts validate strictly (spec A2). */
export const WHATSAPP_INBOUND_MESSAGE_TYPES = [
  'text',
  'image',
  'audio',
  'video',
  'document',
  'sticker',
  'location',
  'contacts',
  'interactive',
  'button',
  'reaction',
  'order',
  'unsupported',
  'system',
] as const;

export type WhatsAppInboundMessageType = (typeof WHATSAPP_INBOUND_MESSAGE_TYPES)[number];

/** Webhook subscription fields whose `value` the contracts model; other fields are kept as unrecognized. */
export const WHATSAPP_WEBHOOK_FIELDS = ['messages'] as const;

export const WHATSAPP_MESSAGE_STATUSES = ['sent', 'delivered', 'read', 'failed', 'played'] as const;

export type WhatsAppMessageStatusValue = (typeof WHATSAPP_MESSAGE_STATUSES)[number];

/** Values of `messages[].message_status` in a send response known today; others are accepted as strings. */
export const WHATSAPP_SEND_MESSAGE_STATUSES = ['accepted', 'held_for_quality_assessment'] as const;

export const WHATSAPP_MESSAGING_PRODUCT = 'whatsapp';

export const WHATSAPP_WEBHOOK_OBJECT = 'whatsapp_business_account';

/** Limits of the send API (spec A3). */
export const WHATSAPP_LIMITS = {
  TEXT_BODY_MAX_LENGTH: 4096,
  REPLY_BUTTONS_MAX: 3,
  REPLY_BUTTON_ID_MAX_LENGTH: 256,
  REPLY_BUTTON_TITLE_MAX_LENGTH: 20,
  // List-message limits below are Meta's documented ones; the spec only says `type: "list"` exists.
  LIST_BUTTON_TEXT_MAX_LENGTH: 20,
  LIST_SECTIONS_MAX: 10,
  LIST_ROWS_MAX: 10,
  LIST_SECTION_TITLE_MAX_LENGTH: 24,
  LIST_ROW_ID_MAX_LENGTH: 200,
  LIST_ROW_TITLE_MAX_LENGTH: 24,
  LIST_ROW_DESCRIPTION_MAX_LENGTH: 72,
} as const;
