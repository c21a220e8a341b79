import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-custom';
import { ApiKeyResolver } from './api-key-resolver';
import { API_KEY_HEADER } from './auth.constants';
import type { Principal } from './principal';
import { InvalidTokenError, TokenVerifier } from './token-verifier';

export const BEARER_STRATEGY = 'switchboard-bearer';
export const API_KEY_STRATEGY = 'switchboard-api-key';

/** `Authorization: Bearer <access or service token>`. */
@Injectable()
export class BearerTokenStrategy extends PassportStrategy(Strategy, BEARER_STRATEGY) {
  constructor(private readonly verifier: TokenVerifier) {
    super();
  }

  // null = "no bearer token here": passport then tries the next strategy.
  async validate(request: Request): Promise<Principal | null> {
    const header = request.headers.authorization;
    if (header === undefined) return null;
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
    if (!match) throw new UnauthorizedException('malformed Authorization header');
    try {
      return await this.verifier.verifyBearer(match[1]);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new UnauthorizedException(error.message);
      throw error;
    }
  }
}

/** `X-API-Key: <tenant API key>`. */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(Strategy, API_KEY_STRATEGY) {
  constructor(private readonly resolver: ApiKeyResolver) {
    super();
  }

  async validate(request: Request): Promise<Principal | null> {
    const presented = request.headers[API_KEY_HEADER];
    if (presented === undefined) return null;
    if (typeof presented !== 'string' || presented.length === 0)
      throw new UnauthorizedException('malformed API key');
    const principal = await this.resolver.resolve(presented);
    if (!principal) throw new UnauthorizedException('unknown, revoked or expired API key');
    return principal;
  }
}
