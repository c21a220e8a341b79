import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  jwtVerify,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose';
import { ROLES, type Role, type ServicePrincipal, type UserPrincipal } from './principal';
import { TOKEN_ALGORITHM, TOKEN_ISSUER, TOKEN_USE, USER_TOKEN_AUDIENCE } from './auth.constants';

export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(`invalid token: ${reason}`);
    this.name = InvalidTokenError.name;
  }
}

/** Public keys of auth-service as served by its JWKS endpoint (which itself needs service credentials). */
export function remoteJwks(
  authServiceUrl: string,
  serviceName: string,
  serviceSecret: string,
): JWTVerifyGetKey {
  const basic = Buffer.from(`${serviceName}:${serviceSecret}`).toString('base64');
  return createRemoteJWKSet(new URL('/internal/jwks', authServiceUrl), {
    headers: { authorization: `Basic ${basic}` },
    timeoutDuration: 3000,
    cooldownDuration: 30_000,
    cacheMaxAge: 10 * 60_000,
  });
}

export function localJwks(keys: JSONWebKeySet): JWTVerifyGetKey {
  return createLocalJWKSet(keys);
}

/** Verifies platform tokens: signature (ES256 only), issuer, audience, expiry and token use. */
export class TokenVerifier {
  constructor(
    private readonly keys: JWTVerifyGetKey,
    /** This service's name: the audience its internal routes accept in service tokens. */
    private readonly serviceName: string,
  ) {}

  /** Tells a service token from a user access token by its (still unverified) `token_use`. */
  async verifyBearer(token: string): Promise<UserPrincipal | ServicePrincipal> {
    let use: unknown;
    try {
      use = decodeJwt(token)['token_use'];
    } catch {
      throw new InvalidTokenError('not a JWT');
    }
    return use === TOKEN_USE.SERVICE ? this.verifyServiceToken(token) : this.verifyAccessToken(token);
  }

  async verifyAccessToken(token: string): Promise<UserPrincipal> {
    const payload = await this.verify(token, USER_TOKEN_AUDIENCE, TOKEN_USE.ACCESS);
    const role = payload['role'];
    const tenantId = payload['tid'];
    if (typeof payload.sub !== 'string' || !ROLES.includes(role as Role))
      throw new InvalidTokenError('bad claims');
    if (role === 'platform-admin' ? tenantId !== null : typeof tenantId !== 'string') {
      throw new InvalidTokenError('tenant claim does not fit the role');
    }
    return { kind: 'user', userId: payload.sub, tenantId: tenantId as string | null, role: role as Role };
  }

  async verifyServiceToken(token: string): Promise<ServicePrincipal> {
    const payload = await this.verify(token, this.serviceName, TOKEN_USE.SERVICE);
    if (typeof payload.sub !== 'string') throw new InvalidTokenError('no subject');
    return { kind: 'service', service: payload.sub };
  }

  private async verify(token: string, audience: string, use: string) {
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        issuer: TOKEN_ISSUER,
        audience,
        algorithms: [TOKEN_ALGORITHM],
        clockTolerance: 5,
        requiredClaims: ['exp', 'iat', 'sub'],
      });
      if (payload['token_use'] !== use) throw new InvalidTokenError(`not a ${use} token`);
      return payload;
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error;
      throw new InvalidTokenError(error instanceof Error ? error.message : String(error));
    }
  }
}
