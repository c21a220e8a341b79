import { Injectable, Logger, UnauthorizedException, type NestMiddleware } from '@nestjs/common';
import { signServiceToken } from '@switchboard/backend-util-auth';
import { SERVICES } from '@switchboard/shared-contracts';
import type { NextFunction, Request, Response } from 'express';
import { SigningKeysService } from '../keys/signing-keys.service';
import { ServiceClientCredentials, parseBasicCredentials } from './service-client-credentials.service';

/** Where the middleware records the client whose credentials it checked. */
export const CLIENT_CREDENTIALS_CLIENT = Symbol('client-credentials-client');

export type ClientCredentialsRequest = Request & { [CLIENT_CREDENTIALS_CLIENT]?: string };

/** Lifetime of the internal token that carries the checked client to the global guard. */
const HANDOVER_TOKEN_SECONDS = 30;

/**
 * Client credentials (HTTP Basic `serviceName:secret`) for the JWKS and service-token routes.
 * The platform's global guard understands only bearer tokens, so, once the credentials are
 * checked, the request continues with a short-lived service token of that client for
 * auth-service itself: the guard then verifies it like any other (and @ServiceOnly applies),
 * and the routes' ClientCredentialsGuard insists that it came from here. Wrong credentials end
 * the request with 401; a request without Basic credentials goes on to the guard, which refuses it.
 */
@Injectable()
export class ClientCredentialsMiddleware implements NestMiddleware {
  private readonly logger = new Logger(ClientCredentialsMiddleware.name);

  constructor(
    private readonly clients: ServiceClientCredentials,
    private readonly keys: SigningKeysService,
  ) {}

  async use(request: ClientCredentialsRequest, response: Response, next: NextFunction): Promise<void> {
    const header = request.headers.authorization;
    if (header === undefined || !/^Basic\s/i.test(header)) return next();
    const credentials = parseBasicCredentials(header);
    if (!credentials || !this.clients.verify(credentials.name, credentials.secret)) {
      const client = credentials && this.clients.isClient(credentials.name) ? credentials.name : '(unknown)';
      this.logger.warn({ event: 'client-credentials.refused', client }, 'refused service client credentials');
      response.setHeader('WWW-Authenticate', 'Basic realm="switchboard-internal", charset="UTF-8"');
      throw new UnauthorizedException('invalid client credentials');
    }
    request[CLIENT_CREDENTIALS_CLIENT] = credentials.name;
    const handover = await signServiceToken(
      this.keys.current,
      credentials.name,
      SERVICES.AUTH.name,
      HANDOVER_TOKEN_SECONDS,
    );
    request.headers.authorization = `Bearer ${handover}`;
    next();
  }
}
