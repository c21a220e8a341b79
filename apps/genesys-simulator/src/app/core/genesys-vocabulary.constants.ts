/** Enumerations of the Open Messaging models (spec B2–B4). */

export const ID_TYPES = ['Email', 'Phone', 'Opaque'] as const;

export const MEDIA_TYPES = ['Image', 'Video', 'Audio', 'File', 'Link'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

/**
 * `OpenInboundNormalizedReceipt.status`: the SDK enum. It has no `Read`; the dev-center page
 * lists only Delivered and Failed as supported.
 */
export const INBOUND_RECEIPT_STATUSES = ['Delivered', 'Failed', 'Sent', 'Published', 'Removed'] as const;

/** Statuses of the receipts Genesys itself sends on the outbound webhook. */
export const OUTBOUND_RECEIPT_STATUSES = [
  'Delivered',
  'Failed',
  'Sent',
  'Published',
  'Removed',
  'Read',
] as const;

export const RECEIPT_REASON_CODES = [
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

export const ORIGINATING_ENTITIES = ['Human', 'Bot'] as const;
export type OriginatingEntity = (typeof ORIGINATING_ENTITIES)[number];

/** The attachment media type Genesys would give a file of this MIME type. */
export function mediaTypeOfMime(mime: string): MediaType {
  const family = mime.split('/')[0]?.toLowerCase();
  if (family === 'image') return 'Image';
  if (family === 'video') return 'Video';
  if (family === 'audio') return 'Audio';
  return 'File';
}
