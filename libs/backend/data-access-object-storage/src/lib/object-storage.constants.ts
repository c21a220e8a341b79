/** Buckets of the media relay (architecture defaults). */
export const MEDIA_BUCKETS = {
  INBOUND: 'media-inbound',
  OUTBOUND: 'media-outbound',
} as const;

/** Presigned GET URLs handed to Genesys or WhatsApp stay valid this long. */
export const PRESIGNED_URL_TTL_SECONDS = 3600;
