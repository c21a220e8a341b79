import {
  TOKEN_ALGORITHM,
  generateSigningKey,
  localJwks,
  signServiceToken,
  type SigningKey,
} from '@switchboard/backend-util-auth';
import { SERVICES } from '@switchboard/shared-contracts';
import { importJWK, jwtVerify, type JSONWebKeySet, type JWK, type JWTVerifyGetKey, type KeyLike } from 'jose';
import { randomUUID } from 'node:crypto';
import type { PrivateSigningJwk } from '../config/signing-keys.util';

/** Thrown at start when a configured key cannot be used; names the key id, never the key. */
export class SigningKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = SigningKeyError.name;
  }
}

function publicPart(jwk: PrivateSigningJwk): JWK {
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, kid: jwk.kid, alg: TOKEN_ALGORITHM, use: 'sig' };
}

async function importSigningKey(jwk: PrivateSigningJwk): Promise<SigningKey> {
  const publicJwk = publicPart(jwk);
  let privateKey: KeyLike;
  try {
    privateKey = (await importJWK({ ...publicJwk, d: jwk.d }, TOKEN_ALGORITHM)) as KeyLike;
  } catch {
    throw new SigningKeyError(`AUTH_SIGNING_KEYS: key "${jwk.kid}" is not a usable ES256 private key`);
  }
  // The private part must belong to the public part that the JWKS will publish.
  const probe = await signServiceToken({ kid: jwk.kid, privateKey, publicJwk }, 'probe', 'probe', 60);
  try {
    await jwtVerify(probe, localJwks({ keys: [publicJwk] }));
  } catch {
    throw new SigningKeyError(`AUTH_SIGNING_KEYS: key "${jwk.kid}": d does not match x/y`);
  }
  return { kid: jwk.kid, privateKey, publicJwk };
}

/**
 * The platform's signing keys: the first signs access and service tokens, every one verifies
 * them and is published in the JWKS (rotation: add the new key first, drop the old one after the
 * longest token lifetime).
 */
export class SigningKeysService {
  readonly jwks: JSONWebKeySet;
  readonly verificationKeys: JWTVerifyGetKey;

  private constructor(
    private readonly keys: readonly SigningKey[],
    /** True when the key was generated at start (development only). */
    readonly generated: boolean,
  ) {
    this.jwks = { keys: keys.map((key) => key.publicJwk) };
    this.verificationKeys = localJwks(this.jwks);
  }

  /** The key that signs new tokens. */
  get current(): SigningKey {
    return this.keys[0];
  }

  static async fromConfig(configured: readonly PrivateSigningJwk[] | undefined): Promise<SigningKeysService> {
    if (configured === undefined) {
      return new SigningKeysService([await generateSigningKey(`dev-${randomUUID()}`)], true);
    }
    return new SigningKeysService(await Promise.all(configured.map(importSigningKey)), false);
  }

  /** A service token signed here, for auth-service's own calls to `audience` (no HTTP to itself). */
  ownServiceToken(audience: string, ttlSeconds: number): Promise<string> {
    return signServiceToken(this.current, SERVICES.AUTH.name, audience, ttlSeconds);
  }
}
