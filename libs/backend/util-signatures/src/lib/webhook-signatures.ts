import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * `X-Hub-Signature-256` of both clouds: `sha256=` + HMAC-SHA256 of the raw request bytes.
 * Meta encodes the digest as lowercase hex (keyed with the app secret); Genesys as base64
 * (keyed with the integration's outbound webhook secret). Always verify the raw bytes, never
 * a re-serialised body.
 */
export const SIGNATURE_HEADER = 'x-hub-signature-256';
const PREFIX = 'sha256=';

export type SignatureEncoding = 'hex' | 'base64';

function digest(rawBody: Buffer | string, secret: string): Buffer {
  return createHmac('sha256', secret).update(rawBody).digest();
}

export function signWebhook(rawBody: Buffer | string, secret: string, encoding: SignatureEncoding): string {
  return PREFIX + digest(rawBody, secret).toString(encoding);
}

/** Meta (WhatsApp Cloud API): hex digest. */
export function signMetaWebhook(rawBody: Buffer | string, appSecret: string): string {
  return signWebhook(rawBody, appSecret, 'hex');
}

/** Genesys Open Messaging outbound webhook: base64 digest. */
export function signGenesysWebhook(rawBody: Buffer | string, webhookSecret: string): string {
  return signWebhook(rawBody, webhookSecret, 'base64');
}

function decodeSignature(header: string, encoding: SignatureEncoding): Buffer | undefined {
  if (!header.startsWith(PREFIX)) return undefined;
  const encoded = header.slice(PREFIX.length);
  const pattern = encoding === 'hex' ? /^[0-9a-fA-F]{64}$/ : /^[A-Za-z0-9+/]{43}=$/;
  if (!pattern.test(encoded)) return undefined;
  return Buffer.from(encoded, encoding);
}

/**
 * Checks a signature header against the raw body in constant time. A missing, malformed or
 * wrong signature is `false`; the comparison never short-circuits on the first differing byte.
 */
export function verifyWebhookSignature(
  rawBody: Buffer | string,
  header: string | string[] | undefined,
  secret: string,
  encoding: SignatureEncoding,
): boolean {
  if (typeof header !== 'string' || secret.length === 0) return false;
  const presented = decodeSignature(header.trim(), encoding);
  const expected = digest(rawBody, secret);
  if (!presented || presented.length !== expected.length) return false;
  return timingSafeEqual(presented, expected);
}

export function verifyMetaWebhook(
  rawBody: Buffer | string,
  header: string | string[] | undefined,
  appSecret: string,
) {
  return verifyWebhookSignature(rawBody, header, appSecret, 'hex');
}

export function verifyGenesysWebhook(
  rawBody: Buffer | string,
  header: string | string[] | undefined,
  webhookSecret: string,
) {
  return verifyWebhookSignature(rawBody, header, webhookSecret, 'base64');
}
