import { createHash, timingSafeEqual } from 'node:crypto';

/** Query of Meta's GET handshake (spec A1); repeated parameters arrive as arrays. */
export interface HandshakeQuery {
  readonly 'hub.mode'?: unknown;
  readonly 'hub.verify_token'?: unknown;
  readonly 'hub.challenge'?: unknown;
}

export type HandshakeResult =
  | { readonly accepted: true; readonly challenge: string }
  | { readonly accepted: false; readonly status: 400 | 403; readonly reason: string };

// Meta sends an integer; anything else is never echoed, so the endpoint cannot reflect content.
const CHALLENGE_PATTERN = /^\d{1,64}$/;

/** Compares two strings in constant time, also when their lengths differ (digests have one length). */
export function constantTimeEquals(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected)) && expected.length > 0;
}

/**
 * Meta's subscription handshake: `hub.mode=subscribe` and our verify token unlock the echo of
 * `hub.challenge`, which must be digits. The token is checked before the challenge so that a
 * caller without it learns nothing else.
 */
export function answerHandshake(query: HandshakeQuery, verifyToken: string): HandshakeResult {
  if (query['hub.mode'] !== 'subscribe') {
    return { accepted: false, status: 403, reason: 'hub.mode must be subscribe' };
  }
  const token = query['hub.verify_token'];
  if (typeof token !== 'string' || !constantTimeEquals(token, verifyToken)) {
    return { accepted: false, status: 403, reason: 'hub.verify_token does not match' };
  }
  const challenge = query['hub.challenge'];
  if (typeof challenge !== 'string' || !CHALLENGE_PATTERN.test(challenge)) {
    return { accepted: false, status: 400, reason: 'hub.challenge must be digits' };
  }
  return { accepted: true, challenge };
}
