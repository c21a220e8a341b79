import { randomBytes, randomInt } from 'node:crypto';

/** A WhatsApp message id: `wamid.` followed by an opaque token (Meta's are base64 too). */
export function newWamid(): string {
  return `wamid.HBgL${randomBytes(24).toString('base64url')}`;
}

/** A Graph object id as Meta issues them for media: 15–16 decimal digits. */
export function newMediaId(): string {
  let id = String(randomInt(1, 10));
  for (let i = 0; i < 15; i += 1) id += String(randomInt(0, 10));
  return id;
}

/** The `fbtrace_id` of Graph error bodies. */
export function newFbTraceId(): string {
  return `A${randomBytes(15).toString('base64url')}`;
}

export function newLocalId(prefix: string): string {
  return `${prefix}_${randomBytes(8).toString('hex')}`;
}
