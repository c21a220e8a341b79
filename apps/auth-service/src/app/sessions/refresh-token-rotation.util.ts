import { createHash, randomBytes } from 'node:crypto';

/** What a presented refresh token turns out to be. */
export type RefreshTokenVerdict = 'unknown' | 'reused' | 'revoked' | 'expired' | 'valid';

export interface RefreshTokenState {
  readonly usedAt: Date | null;
  readonly revokedAt: Date | null;
  readonly expiresAt: Date;
  readonly familyExpiresAt: Date;
}

const REFRESH_TOKEN_BYTES = 32;
const REFRESH_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * A used token presented again is a reuse, whatever else is true of it: either the legitimate
 * client or a thief holds a copy, and we cannot tell which, so the caller revokes the family.
 */
export function assessRefreshToken(token: RefreshTokenState | null, now: Date): RefreshTokenVerdict {
  if (!token) return 'unknown';
  if (token.usedAt !== null) return 'reused';
  if (token.revokedAt !== null) return 'revoked';
  if (token.expiresAt.getTime() <= now.getTime() || token.familyExpiresAt.getTime() <= now.getTime()) {
    return 'expired';
  }
  return 'valid';
}

/** Expiry of the next token of a family: its own lifetime, never beyond the session's end. */
export function nextRefreshExpiry(now: Date, ttlSeconds: number, familyExpiresAt: Date): Date {
  return new Date(Math.min(now.getTime() + ttlSeconds * 1000, familyExpiresAt.getTime()));
}

/** A new opaque refresh token (32 random bytes, base64url) and the hash that is stored. */
export function newRefreshToken(): { readonly token: string; readonly hash: string } {
  const token = randomBytes(REFRESH_TOKEN_BYTES).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Cheap shape check before touching the database. */
export function looksLikeRefreshToken(candidate: unknown): candidate is string {
  return typeof candidate === 'string' && REFRESH_TOKEN_PATTERN.test(candidate);
}
