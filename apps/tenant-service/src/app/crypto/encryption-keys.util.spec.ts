import { randomBytes } from 'node:crypto';
import { parseEncryptionKeys } from './encryption-keys.util';

describe(parseEncryptionKeys.name, () => {
  const key = () => randomBytes(32).toString('base64');

  it('parses kid:base64 entries, base64url too', () => {
    const urlSafe = randomBytes(32).toString('base64url');

    const sut = parseEncryptionKeys(` k1:${key()}, k-2_b:${urlSafe} `);

    expect(sut.problems).toEqual([]);
    expect([...sut.keys.keys()]).toEqual(['k1', 'k-2_b']);
    expect(sut.keys.get('k-2_b')).toEqual(Buffer.from(urlSafe, 'base64url'));
  });

  it.each([
    [
      'a key of 16 bytes',
      `k1:${randomBytes(16).toString('base64')}`,
      /key "k1": must be base64 of exactly 32 bytes/,
    ],
    ['a key that is not base64', 'k1:not base64!', /key "k1": must be base64/],
    ['an entry without id', key(), /entry 1: must look like kid:base64/],
    ['an id with a colon inside the envelope alphabet', `k.1:${key()}`, /entry 1/],
    ['a key of zeros', `k1:${Buffer.alloc(32).toString('base64')}`, /not random enough/],
    ['a repeated pattern', `k1:${Buffer.from('abcd'.repeat(8)).toString('base64')}`, /not random enough/],
    ['nothing', ' , ', /no key given/],
  ])('refuses %s', (_label, raw, problem) => {
    expect(parseEncryptionKeys(raw).problems).toEqual([expect.stringMatching(problem)]);
  });

  it('refuses the same id twice and the same key under two ids', () => {
    const material = key();

    expect(parseEncryptionKeys(`k1:${key()},k1:${key()}`).problems).toEqual([
      expect.stringMatching(/appears twice/),
    ]);
    expect(parseEncryptionKeys(`k1:${material},k2:${material}`).problems).toEqual([
      expect.stringMatching(/key "k2": is the same key as "k1"/),
    ]);
  });

  it('never puts key material into a problem', () => {
    const material = Buffer.alloc(32, 7).toString('base64');

    expect(parseEncryptionKeys(`k1:${material}`).problems.join()).not.toContain(material);
  });
});
