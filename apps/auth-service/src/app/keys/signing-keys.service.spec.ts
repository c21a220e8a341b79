import { TokenVerifier, localJwks } from '@switchboard/backend-util-auth';
import { exportJWK, generateKeyPair } from 'jose';
import type { PrivateSigningJwk } from '../config/signing-keys.util';
import { SigningKeyError, SigningKeysService } from './signing-keys.service';

async function privateJwk(kid: string): Promise<PrivateSigningJwk> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid } as PrivateSigningJwk;
}

describe(SigningKeysService.name, () => {
  it('signs with the first configured key and publishes every public key, without private parts', async () => {
    const newKey = await privateJwk('k-new');
    const oldKey = await privateJwk('k-old');
    const sut = await SigningKeysService.fromConfig([newKey, oldKey]);
    expect(sut.current.kid).toBe('k-new');
    expect(sut.jwks.keys.map((key) => key.kid)).toEqual(['k-new', 'k-old']);
    expect(JSON.stringify(sut.jwks)).not.toContain(newKey.d);
    expect(JSON.stringify(sut.jwks)).not.toContain(oldKey.d);
    expect(
      sut.jwks.keys.every((key) => key.alg === 'ES256' && key.use === 'sig' && key.d === undefined),
    ).toBe(true);
    expect(sut.generated).toBe(false);
  });

  it('verifies tokens of a previous key kept for rotation', async () => {
    const oldKey = await privateJwk('k-old');
    const before = await SigningKeysService.fromConfig([oldKey]);
    const token = await before.ownServiceToken('tenant-service', 60);
    const after = await SigningKeysService.fromConfig([await privateJwk('k-new'), oldKey]);
    const verifier = new TokenVerifier(localJwks(after.jwks), 'tenant-service');
    await expect(verifier.verifyServiceToken(token)).resolves.toEqual({
      kind: 'service',
      service: 'auth-service',
    });
  });

  it('generates a key when none is configured (development)', async () => {
    const sut = await SigningKeysService.fromConfig(undefined);
    expect(sut.generated).toBe(true);
    expect(sut.current.kid).toMatch(/^dev-/);
    expect(sut.jwks.keys).toHaveLength(1);
  });

  it('refuses a key whose private part does not belong to its public part', async () => {
    const one = await privateJwk('k-1');
    const other = await privateJwk('k-2');
    await expect(SigningKeysService.fromConfig([{ ...one, d: other.d }])).rejects.toThrow(SigningKeyError);
    await expect(SigningKeysService.fromConfig([{ ...one, d: other.d }])).rejects.toThrow(
      'AUTH_SIGNING_KEYS: key "k-1": d does not match x/y',
    );
  });
});
