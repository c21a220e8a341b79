/** Bytes of an AES-256 key. */
export const ENCRYPTION_KEY_BYTES = 32;

/** Key ids are stored inside every ciphertext: short, and without the envelope's separator. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

/** Fewer distinct byte values than this in 32 bytes is not a random key (a random one has ~28). */
const MIN_DISTINCT_BYTES = 16;

export interface ParsedEncryptionKeys {
  readonly keys: ReadonlyMap<string, Buffer>;
  readonly problems: readonly string[];
}

/**
 * Parses `TENANT_ENCRYPTION_KEYS` = `kid:base64-32-bytes,kid2:base64-32-bytes`. Reports every
 * problem (never the key material): a bad id, a duplicate id, a value that is not base64 of
 * exactly 32 bytes, a key that is obviously not random, the same key under two ids.
 */
export function parseEncryptionKeys(raw: string): ParsedEncryptionKeys {
  const keys = new Map<string, Buffer>();
  const problems: string[] = [];
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) problems.push('no key given (kid:base64,...)');
  for (const [index, entry] of entries.entries()) {
    const separator = entry.indexOf(':');
    const keyId = separator < 0 ? '' : entry.slice(0, separator);
    const encoded = separator < 0 ? '' : entry.slice(separator + 1);
    const label = KEY_ID_PATTERN.test(keyId) ? `key "${keyId}"` : `entry ${index + 1}`;
    if (!KEY_ID_PATTERN.test(keyId)) {
      problems.push(`${label}: must look like kid:base64 with kid made of A-Z a-z 0-9 _ - (at most 32)`);
      continue;
    }
    if (keys.has(keyId)) {
      problems.push(`${label}: the id appears twice`);
      continue;
    }
    const material = decodeBase64(encoded);
    if (!material || material.length !== ENCRYPTION_KEY_BYTES) {
      problems.push(`${label}: must be base64 of exactly ${ENCRYPTION_KEY_BYTES} bytes`);
      continue;
    }
    if (new Set(material).size < MIN_DISTINCT_BYTES) {
      problems.push(`${label}: is not random enough (generate one with: openssl rand -base64 32)`);
      continue;
    }
    const duplicate = [...keys.entries()].find(([, other]) => other.equals(material));
    if (duplicate) {
      problems.push(`${label}: is the same key as "${duplicate[0]}"`);
      continue;
    }
    keys.set(keyId, material);
  }
  return { keys, problems };
}

function decodeBase64(value: string): Buffer | null {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return null;
  return Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}
