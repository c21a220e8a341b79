import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { GenesysApiException } from '../core/genesys-errors.util';
import { AccessTokensService, type AuthenticatedClient } from './access-tokens.service';

export interface AuthenticatedRequest extends Request {
  genesysClient?: AuthenticatedClient;
}

/** The token of an `Authorization: Bearer <token>` header, if that is what it holds. */
export function bearerTokenOf(authorization: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
}

/** Requires a valid, unexpired, unrevoked bearer token issued by the login host. */
@Injectable()
export class BearerTokenGuard implements CanActivate {
  constructor(private readonly tokens: AccessTokensService) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerTokenOf(request.headers.authorization);
    if (token === undefined) {
      throw new GenesysApiException(
        HttpStatus.UNAUTHORIZED,
        'authentication.required',
        'No authentication bearer token specified in authorization header.',
      );
    }
    const check = this.tokens.check(token);
    if (!check.valid) {
      throw new GenesysApiException(HttpStatus.UNAUTHORIZED, 'bad.credentials', 'Invalid login credentials.');
    }
    request.genesysClient = check.client;
    return true;
  }
}
