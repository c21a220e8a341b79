import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * `sb_<prefix>_<secret>`: the prefix (16 hex, 64 bits) is the public key id used to find the key
 * and shown in lists; the secret is 32 random bytes (256 bits) in base64url. Only the SHA-256 of
 * the whole key is stored.
 *
 * A fast hash is the right tool here: a slow password hash (argon2, bcrypt) protects secrets a
 * person chose, which are guessable; a 256-bit random key cannot be guessed, so a stolen hash is
 * useless to an attacker whatever its speed, while a slow hash would cost tens of milliseconds of
 * CPU on every API request and hand out a cheap way to exhaust the service.
 */
export const API_KEY_PATTERN = /^sb_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedApiKey {
  readonly key: string;
  readonly prefix: string;
  readonly hash: string;
}

export function generateApiKey(): GeneratedApiKey {
  const prefix = randomBytes(8).toString('hex');
  const key = `sb_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The prefix of a well-formed key, else null (a malformed key is never looked up). */
export function apiKeyPrefix(key: string): string | null {
  return API_KEY_PATTERN.exec(key)?.[1] ?? null;
}

/** Compares the presented key's hash with the stored one in constant time. */
export function apiKeyMatches(storedHash: string, presentedKey: string): boolean {
  const expected = Buffer.from(storedHash, 'hex');
  const actual = Buffer.from(hashApiKey(presentedKey), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
