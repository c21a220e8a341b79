import { SignJWT, exportJWK, generateKeyPair, type JWK, type KeyLike } from 'jose';
import { randomUUID } from 'node:crypto';
import { TOKEN_ALGORITHM, TOKEN_ISSUER, TOKEN_USE, USER_TOKEN_AUDIENCE } from './auth.constants';
import type { Role } from './principal';

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyLike;
  /** Public part, as published in the JWKS. */
  readonly publicJwk: JWK;
}

/** A fresh ES256 key pair (auth-service outside production, and tests). */
export async function generateSigningKey(kid: string = randomUUID()): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(TOKEN_ALGORITHM, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: TOKEN_ALGORITHM, use: 'sig' };
  return { kid, privateKey, publicJwk };
}

export interface AccessTokenClaims {
  readonly userId: string;
  readonly tenantId: string | null;
  readonly role: Role;
}

export function signAccessToken(
  key: SigningKey,
  claims: AccessTokenClaims,
  ttlSeconds: number,
): Promise<string> {
  return new SignJWT({ token_use: TOKEN_USE.ACCESS, tid: claims.tenantId, role: claims.role })
    .setProtectedHeader({ alg: TOKEN_ALGORITHM, kid: key.kid, typ: 'JWT' })
    .setIssuer(TOKEN_ISSUER)
    .setAudience(USER_TOKEN_AUDIENCE)
    .setSubject(claims.userId)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key.privateKey);
}

export function signServiceToken(
  key: SigningKey,
  service: string,
  audience: string,
  ttlSeconds: number,
): Promise<string> {
  return new SignJWT({ token_use: TOKEN_USE.SERVICE })
    .setProtectedHeader({ alg: TOKEN_ALGORITHM, kid: key.kid, typ: 'JWT' })
    .setIssuer(TOKEN_ISSUER)
    .setAudience(audience)
    .setSubject(service)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key.privateKey);
}
