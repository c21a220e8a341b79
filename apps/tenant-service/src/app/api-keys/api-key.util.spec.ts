import { createHash } from 'node:crypto';
import { apiKeyMatches, apiKeyPrefix, generateApiKey, hashApiKey } from './api-key.util';

describe(generateApiKey.name, () => {
  it('makes sb_<16 hex>_<43 base64url> keys whose hash is the SHA-256 of the whole key', () => {
    const sut = generateApiKey();

    expect(sut.key).toMatch(/^sb_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(apiKeyPrefix(sut.key)).toBe(sut.prefix);
    expect(sut.hash).toBe(createHash('sha256').update(sut.key).digest('hex'));
  });

  it('never makes the same key or prefix twice in a thousand', () => {
    const keys = Array.from({ length: 1000 }, () => generateApiKey());

    expect(new Set(keys.map((key) => key.key)).size).toBe(1000);
    expect(new Set(keys.map((key) => key.prefix)).size).toBe(1000);
  });
});

describe(apiKeyPrefix.name, () => {
  it.each([
    '',
    'sb_live_x',
    `sb_0123456789abcdeg_${'a'.repeat(43)}`,
    `sb_0123456789abcdef_${'a'.repeat(42)}`,
    `xsb_0123456789abcdef_${'a'.repeat(43)}`,
  ])('finds no prefix in the malformed key %j', (key) => {
    expect(apiKeyPrefix(key)).toBeNull();
  });
});

describe(apiKeyMatches.name, () => {
  it('matches the stored hash of the same key only', () => {
    const { key, hash } = generateApiKey();

    expect(apiKeyMatches(hash, key)).toBe(true);
    expect(apiKeyMatches(hash, `${key.slice(0, -1)}${key.endsWith('a') ? 'b' : 'a'}`)).toBe(false);
    expect(apiKeyMatches(hashApiKey('other'), key)).toBe(false);
    expect(apiKeyMatches('', key)).toBe(false);
  });
});
