import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AuthenticatedClient } from './access-tokens.service';
import type { AuthenticatedRequest } from './bearer-token.guard';

/** The client whose bearer token {@link BearerTokenGuard} accepted. */
export const GenesysClient = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedClient => {
    const client = context.switchToHttp().getRequest<AuthenticatedRequest>().genesysClient;
    if (!client) throw new Error('GenesysClient() used on a route without BearerTokenGuard');
    return client;
  },
);
