import { randomBytes } from 'node:crypto';
import { SecretCipher, SecretDecryptionError, type SecretBinding } from './secret-cipher.service';

const ROW: SecretBinding = {
  table: 'phone_numbers',
  rowId: '0b6f3c1e-4a55-4f5e-9b0a-6f6d1f0b2a11',
  field: 'access_token',
};

function cipher(
  keys: Record<string, Buffer>,
  activeKeyId: string,
  fingerprintKey = 'fingerprint-key-for-tests',
) {
  return new SecretCipher({ keys: new Map(Object.entries(keys)), activeKeyId, fingerprintKey });
}

describe(SecretCipher.name, () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  const sut = cipher({ k1 }, 'k1');

  it('decrypts what it encrypted', () => {
    const envelope = sut.encrypt('EAAG-secret-token', ROW);

    expect(sut.decrypt(envelope, ROW)).toBe('EAAG-secret-token');
  });

  it('writes a v1 envelope naming the key, with a fresh 12-byte IV and a 16-byte tag each time', () => {
    const first = sut.encrypt('same', ROW).split(':');
    const second = sut.encrypt('same', ROW).split(':');

    expect(first.slice(0, 2)).toEqual(['v1', 'k1']);
    expect(Buffer.from(first[2], 'base64url')).toHaveLength(12);
    expect(Buffer.from(first[3], 'base64url')).toHaveLength(16);
    expect(first[2]).not.toBe(second[2]);
    expect(first[4]).not.toBe(second[4]);
  });

  it.each([
    ['the ciphertext', 4],
    ['the tag', 3],
    ['the IV', 2],
  ])('refuses an envelope whose %s was changed', (_label, index) => {
    const parts = sut.encrypt('secret', ROW).split(':');
    const bytes = Buffer.from(parts[index], 'base64url');
    bytes[0] ^= 0x01;
    parts[index] = bytes.toString('base64url');

    expect(() => sut.decrypt(parts.join(':'), ROW)).toThrow(SecretDecryptionError);
  });

  it.each([
    ['another row', { ...ROW, rowId: 'a2b0c9a4-2f0e-4d53-8c1d-2b0b9c3f9e77' }],
    ['another field', { ...ROW, field: 'client_secret' }],
    ['another table', { ...ROW, table: 'genesys_integrations' }],
  ])('refuses a ciphertext moved to %s', (_label, binding) => {
    const envelope = sut.encrypt('secret', ROW);

    expect(() => sut.decrypt(envelope, binding)).toThrow(/authentication failed/);
  });

  it('refuses an envelope whose key id was changed to another configured key', () => {
    const both = cipher({ k1, k2 }, 'k1');
    const envelope = both.encrypt('secret', ROW).replace(/^v1:k1:/, 'v1:k2:');

    expect(() => both.decrypt(envelope, ROW)).toThrow(SecretDecryptionError);
  });

  it('refuses an envelope of a key that is not configured, and names the key', () => {
    const envelope = cipher({ k2 }, 'k2').encrypt('secret', ROW);

    expect(() => sut.decrypt(envelope, ROW)).toThrow(/key "k2" is not configured/);
  });

  it('refuses something that is not an envelope', () => {
    expect(() => sut.decrypt('plaintext-token', ROW)).toThrow(/not a v1 envelope/);
  });

  it('never puts the secret into an error message', () => {
    const envelope = sut.encrypt('very-secret-value', ROW);

    expect(() => sut.decrypt(envelope, { ...ROW, field: 'x' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('very-secret-value') }),
    );
  });

  it('decrypts with any configured key and encrypts with the active one (rotation)', () => {
    const old = cipher({ k1 }, 'k1').encrypt('rotated', ROW);
    const rotated = cipher({ k1, k2 }, 'k2');

    const moved = rotated.reEncrypt(old, ROW);

    expect(rotated.decrypt(old, ROW)).toBe('rotated');
    expect(rotated.keyIdOf(moved.envelope)).toBe('k2');
    expect(cipher({ k2 }, 'k2').decrypt(moved.envelope, ROW)).toBe('rotated');
  });

  it('refuses an active key that is not configured', () => {
    expect(() => cipher({ k1 }, 'k9')).toThrow(/not among the configured keys/);
  });

  it('fingerprints with an HMAC: stable per secret and key, 16 hex characters, not a bare hash', () => {
    const other = cipher({ k1 }, 'k1', 'another-fingerprint-key');

    expect(sut.fingerprint('secret')).toMatch(/^[0-9a-f]{16}$/);
    expect(sut.fingerprint('secret')).toBe(sut.fingerprint('secret'));
    expect(sut.fingerprint('secret')).not.toBe(sut.fingerprint('secret2'));
    expect(other.fingerprint('secret')).not.toBe(sut.fingerprint('secret'));
    // sha256('secret') starts with 2bb80d53: a bare hash would be guessable offline.
    expect(sut.fingerprint('secret')).not.toBe('2bb80d537b1da3e3');
  });
});
