import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { KEY_ID_PATTERN } from './encryption-keys.util';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';
/** Hex characters of a fingerprint: 64 bits, enough to tell secrets apart, too few to matter. */
const FINGERPRINT_HEX_LENGTH = 16;

/**
 * Where a ciphertext lives. It is bound to it as additional authenticated data, so that a
 * ciphertext copied into another row or field (or another table) fails to decrypt.
 */
export interface SecretBinding {
  readonly table: string;
  readonly rowId: string;
  readonly field: string;
}

/** The ciphertext could not be authenticated: tampered, moved, or encrypted with another key. */
export class SecretDecryptionError extends Error {
  constructor(
    readonly binding: SecretBinding,
    reason: string,
  ) {
    super(`cannot decrypt ${binding.table}.${binding.field} of row ${binding.rowId}: ${reason}`);
    this.name = SecretDecryptionError.name;
  }
}

export interface SecretCipherOptions {
  readonly keys: ReadonlyMap<string, Buffer>;
  readonly activeKeyId: string;
  /** Key of the HMAC that fingerprints secrets (never one of the encryption keys). */
  readonly fingerprintKey: string;
}

/**
 * AES-256-GCM for the secrets tenant-service keeps (cloud tokens, client secrets, webhook
 * secrets). Envelope: `v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64url), random 12-byte IV per
 * encryption, 16-byte tag, AAD = version, key id and the {@link SecretBinding}. The key id in the
 * envelope lets keys rotate: every configured key decrypts, only the active key encrypts.
 */
export class SecretCipher {
  private readonly keys: ReadonlyMap<string, Buffer>;

  constructor(private readonly options: SecretCipherOptions) {
    if (!options.keys.has(options.activeKeyId)) {
      throw new Error(`the active key "${options.activeKeyId}" is not among the configured keys`);
    }
    this.keys = options.keys;
  }

  get activeKeyId(): string {
    return this.options.activeKeyId;
  }

  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  encrypt(plaintext: string, binding: SecretBinding): string {
    const keyId = this.options.activeKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key(keyId), iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad(keyId, binding));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, keyId, b64(iv), b64(tag), b64(ciphertext)].join(':');
  }

  decrypt(envelope: string, binding: SecretBinding): string {
    const parts = envelope.split(':');
    if (parts.length !== 5 || parts[0] !== VERSION || !KEY_ID_PATTERN.test(parts[1])) {
      throw new SecretDecryptionError(binding, 'not a v1 envelope');
    }
    const [, keyId, ivText, tagText, ciphertextText] = parts;
    const key = this.keys.get(keyId);
    if (!key) throw new SecretDecryptionError(binding, `key "${keyId}" is not configured`);
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
      throw new SecretDecryptionError(binding, 'malformed IV or tag');
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(aad(keyId, binding));
      decipher.setAuthTag(tag);
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertextText, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new SecretDecryptionError(binding, 'authentication failed (tampered, moved or wrong key)');
    }
  }

  /** The key id an envelope was encrypted with (null when it is not an envelope). */
  keyIdOf(envelope: string): string | null {
    const parts = envelope.split(':');
    return parts.length === 5 && parts[0] === VERSION ? parts[1] : null;
  }

  /** Decrypts with whatever key it names and encrypts again with the active key. */
  reEncrypt(envelope: string, binding: SecretBinding): { envelope: string; plaintext: string } {
    const plaintext = this.decrypt(envelope, binding);
    return { envelope: this.encrypt(plaintext, binding), plaintext };
  }

  /**
   * What API responses and the audit log show instead of a secret. An HMAC under a key of its
   * own, not a bare hash: a bare SHA-256 prefix of a guessable secret (a short client secret, a
   * PIN-like token) can be confirmed offline by anyone who sees the fingerprint, whereas the
   * HMAC needs the server's key. The same secret always gives the same fingerprint, so a change
   * is visible.
   */
  fingerprint(secret: string): string {
    return createHmac('sha256', this.options.fingerprintKey)
      .update(secret, 'utf8')
      .digest('hex')
      .slice(0, FINGERPRINT_HEX_LENGTH);
  }

  private key(keyId: string): Buffer {
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`key "${keyId}" is not configured`);
    return key;
  }
}

function aad(keyId: string, binding: SecretBinding): Buffer {
  return Buffer.from(
    ['switchboard/tenant-service', VERSION, keyId, binding.table, binding.rowId, binding.field].join('|'),
    'utf8',
  );
}

function b64(buffer: Buffer): string {
  return buffer.toString('base64url');
}
