/** How `channel.from.id` / `channel.to.id` is formatted. We send wa_ids as `Opaque` (no leading "+"). */
export const GENESYS_ID_TYPES = ['Email', 'Phone', 'Opaque'] as const;

export type GenesysIdType = (typeof GENESYS_ID_TYPES)[number];

export const GENESYS_MEDIA_TYPES = ['Image', 'Video', 'Audio', 'File', 'Link'] as const;

export type GenesysMediaType = (typeof GENESYS_MEDIA_TYPES)[number];

/** Statuses the receipt endpoint accepts (SDK enum). The dev-center page only documents Delivered and Failed. */
export const GENESYS_RECEIPT_STATUSES = ['Delivered', 'Failed', 'Sent', 'Published', 'Removed'] as const;

export type GenesysReceiptStatus = (typeof GENESYS_RECEIPT_STATUSES)[number];

/** Statuses of receipts Genesys sends to the outbound webhook (the generic receipt model also has `Read`). */
export const GENESYS_OUTBOUND_RECEIPT_STATUSES = [
  'Sent',
  'Delivered',
  'Read',
  'Failed',
  'Published',
  'Removed',
] as const;

export type GenesysOutboundReceiptStatus = (typeof GENESYS_OUTBOUND_RECEIPT_STATUSES)[number];

/** Reason codes of a Failed receipt (spec B4). */
export const GENESYS_RECEIPT_REASON_CODES = [
  'MessageExpired',
  'RateLimited',
  'MessageNotAllowed',
  'GeneralError',
  'UnsupportedMessage',
  'UnknownMessage',
  'InvalidMessageStructure',
  'InvalidDestination',
  'ServerError',
  'MediaTypeNotAllowed',
  'InvalidMediaContentLength',
  'RecipientOptedOut',
  'DataFiltered',
] as const;

export type GenesysReceiptReasonCode = (typeof GENESYS_RECEIPT_REASON_CODES)[number];

export const GENESYS_OUTBOUND_MESSAGE_TYPES = ['Text', 'Structured', 'Receipt', 'Event'] as const;

export type GenesysOutboundMessageType = (typeof GENESYS_OUTBOUND_MESSAGE_TYPES)[number];

/** `content[].contentType` values of outbound messages that the contracts validate strictly. */
export const GENESYS_OUTBOUND_CONTENT_TYPES = [
  'Attachment',
  'Notification',
  'QuickReply',
  'ButtonResponse',
] as const;

export type GenesysOutboundContentType = (typeof GENESYS_OUTBOUND_CONTENT_TYPES)[number];

export const GENESYS_ORIGINATING_ENTITIES = ['Human', 'Bot'] as const;

export type GenesysOriginatingEntity = (typeof GENESYS_ORIGINATING_ENTITIES)[number];

export const GENESYS_INTEGRATION_CREATE_STATUSES = ['Initiated', 'Completed', 'Error'] as const;

/** `code` of the body of every Genesys 429; the wait is in the `Retry-After` header (seconds). */
export const GENESYS_RATE_LIMIT_ERROR_CODE = 'too.many.requests.retry.after';

/** `outboundNotificationWebhookSignatureSecretToken` must be longer than 15 characters. */
export const GENESYS_WEBHOOK_SECRET_MIN_LENGTH = 16;
