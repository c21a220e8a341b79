import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from '@switchboard/backend-util-auth';
import { CLIENT_CREDENTIALS_CLIENT, type ClientCredentialsRequest } from './client-credentials.middleware';

/**
 * Runs after the global guard: the principal must be the client whose credentials the
 * ClientCredentialsMiddleware checked. A service token presented directly is refused, so that a
 * token cannot be exchanged for new tokens after its client's secret was revoked.
 */
@Injectable()
export class ClientCredentialsGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<ClientCredentialsRequest & AuthenticatedRequest>();
    const client = request[CLIENT_CREDENTIALS_CLIENT];
    const principal = request.principal;
    if (client === undefined || principal?.kind !== 'service' || principal.service !== client) {
      throw new UnauthorizedException('this route takes service client credentials (HTTP Basic)');
    }
    return true;
  }
}
